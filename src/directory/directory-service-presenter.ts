import { z } from 'zod';
import { type OutreachService, outreachServices } from '../outreach/outreach-vocabulary.js';
import type { CatalogService } from './directory-catalog.js';

/** Medications for opioid use disorder a service may offer. */
export const moudMedications = ['buprenorphine', 'methadone', 'naltrexone'] as const;

/** Today's capacity of a service, as its provider reports it. */
export const capacityStatuses = ['available', 'limited', 'waitlist', 'full', 'unknown'] as const;

/** Insurance and payment a service accepts. */
export const insuranceKinds = [
  'medicaid',
  'medicare',
  'private',
  'uninsured',
  'sliding_scale',
  'free',
] as const;

/** A location of a service as the API answers it. */
const presentedLocationSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  distance_km: z.number().nullable().describe('From `near`, to 0.01 km (null without `near` or coordinates)'),
});

/** A directory service as the API answers it (search, one service, edits). */
export const presentedDirectoryServiceSchema = z.object({
  id: z.string().describe('The HSDS service id, as received'),
  name: z.string(),
  description: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
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
  locations: z.array(presentedLocationSchema),
  open_now: z
    .boolean()
    .nullable()
    .describe("Open now by its HSDS schedules, in the jurisdiction's time zone (null: no schedule says)"),
  schedule_text: z.string().nullable(),
  provider_organization_id: z.uuid().nullable(),
});

/** A presented directory service. */
export type PresentedDirectoryService = z.infer<typeof presentedDirectoryServiceSchema>;

/** What is worked out about a service at the moment it is presented. */
export interface ServiceSituation {
  openNow: boolean | null;
  scheduleText: string | null;
  /** Distances of its locations from the searched point, by location id. */
  locationDistances?: ReadonlyMap<string, number | null>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const known = <T extends string>(values: readonly T[], stored: readonly string[]): T[] =>
  stored.filter((v): v is T => (values as readonly string[]).includes(v));

/** Presents a directory service (fields allowlisted). */
export function presentDirectoryService(
  service: CatalogService,
  situation: ServiceSituation,
): PresentedDirectoryService {
  const details = service.details;
  const capacity = (capacityStatuses as readonly string[]).includes(details?.capacityStatus ?? '')
    ? (details?.capacityStatus as (typeof capacityStatuses)[number])
    : 'unknown';
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    organization: service.organization,
    status: service.status,
    needs: known<OutreachService>(outreachServices, details?.needs ?? []),
    moud: known(moudMedications, details?.moud ?? []),
    same_day_intake: details?.sameDayIntake ?? false,
    walk_in_hours: details?.walkInHours ?? null,
    capacity: {
      status: capacity,
      waitlist_days: details?.waitlistDays ?? null,
      updated_at: details?.capacityUpdatedAt ? new Date(details.capacityUpdatedAt).toISOString() : null,
    },
    insurance: details?.insurance ?? [],
    cost: details?.cost ?? null,
    part2_program: details?.part2Program ?? false,
    languages: service.languages,
    phones: service.phones,
    locations: service.locations.map((l) => {
      const distance = situation.locationDistances?.get(l.id) ?? null;
      return {
        id: l.id,
        name: l.name,
        address: l.address,
        latitude: l.latitude,
        longitude: l.longitude,
        distance_km: distance === null ? null : round2(distance),
      };
    }),
    open_now: situation.openNow,
    schedule_text: situation.scheduleText,
    provider_organization_id: details?.providerOrganizationId ?? null,
  };
}
