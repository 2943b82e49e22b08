import { z } from 'zod';
import { type OutreachService, outreachServices } from '../outreach/outreach-vocabulary.js';
import type { CatalogService } from './directory-catalog.js';
import { capacityStatuses, moudMedications } from './directory-vocabulary.js';
import { distanceKm, type LatLon } from './geo-distance.js';
import { openAt, scheduleText } from './service-schedule.js';

/** A service of the directory as every directory route answers it (contract "DirectoryService"). */
export const directoryServiceSchema = z.object({
  id: z.string().describe('The HSDS service id, as received'),
  name: z.string(),
  description: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string() }),
  status: z.string().describe('HSDS status: active, inactive, defunct, temporarily closed'),
  needs: z.array(z.enum(outreachServices)),
  moud: z.array(z.enum(moudMedications)),
  same_day_intake: z.boolean(),
  walk_in_hours: z.string().nullable(),
  capacity: z.object({
    status: z.enum(capacityStatuses),
    waitlist_days: z.number().int().nullable(),
    updated_at: z.string().nullable(),
  }),
  insurance: z.array(z.string()),
  cost: z.string().nullable(),
  part2_program: z.boolean().describe('A 42 CFR Part 2 program: referrals to it are labelled'),
  languages: z.array(z.string()).describe('HSDS languages of the service, by name'),
  phones: z.array(z.object({ number: z.string(), type: z.string().nullable() })),
  locations: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      address: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      distance_km: z
        .number()
        .nullable()
        .describe('From `near`, to 0.1 km (null without `near` or coordinates)'),
    }),
  ),
  open_now: z
    .boolean()
    .nullable()
    .describe("Open now by its HSDS schedules, in the jurisdiction's time zone (null: no schedule says)"),
  schedule_text: z.string().nullable(),
  provider_organization_id: z.uuid().nullable(),
});

/** A service of the directory as answered. */
export type DirectoryService = z.infer<typeof directoryServiceSchema>;

/** What the answer depends on besides the service: the time (open now) and the searcher's place. */
export interface PresentationContext {
  now: Date;
  /** The jurisdiction's time zone, in which schedules are read. */
  timeZone: string;
  near?: LatLon | null;
}

/** The stored values that are in a vocabulary (the importer validates them; an old value is not an error). */
const known = <T extends string>(values: readonly T[], stored: readonly string[]): T[] =>
  stored.filter((v): v is T => (values as readonly string[]).includes(v));

/** The needs of a service in the outreach vocabulary (the map's properties use them too). */
export function serviceNeeds(service: CatalogService): OutreachService[] {
  return known<OutreachService>(outreachServices, service.details?.needs ?? []);
}

/** A service's capacity status, 'unknown' when none or an unknown one is stored. */
export function capacityOf(service: CatalogService): (typeof capacityStatuses)[number] {
  return known(capacityStatuses, [service.details?.capacityStatus ?? 'unknown'])[0] ?? 'unknown';
}

/** The answer for one service: the allowlisted fields of the catalog entry, in the contract's words. */
export function presentDirectoryService(
  service: CatalogService,
  context: PresentationContext,
): DirectoryService {
  const d = service.details;
  const near = context.near ?? null;
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    organization: { id: service.organization.id, name: service.organization.name },
    status: service.status,
    needs: serviceNeeds(service),
    moud: known(moudMedications, d?.moud ?? []),
    same_day_intake: d?.sameDayIntake ?? false,
    walk_in_hours: d?.walkInHours ?? null,
    capacity: {
      status: capacityOf(service),
      waitlist_days: d?.waitlistDays ?? null,
      updated_at: d?.capacityUpdatedAt ? new Date(d.capacityUpdatedAt).toISOString() : null,
    },
    insurance: d?.insurance ?? [],
    cost: d?.cost ?? null,
    part2_program: d?.part2Program ?? false,
    languages: service.languages,
    phones: service.phones.map((p) => ({ number: p.number, type: p.type })),
    locations: service.locations.map((l) => ({
      id: l.id,
      name: l.name,
      address: l.address,
      latitude: l.latitude,
      longitude: l.longitude,
      distance_km:
        near && l.latitude !== null && l.longitude !== null
          ? Math.round(distanceKm(near, { latitude: l.latitude, longitude: l.longitude }) * 10) / 10
          : null,
    })),
    open_now: openAt(service.schedules, context.now, context.timeZone),
    schedule_text: scheduleText(service.schedules),
    provider_organization_id: d?.providerOrganizationId ?? null,
  };
}
