import { z } from 'zod';
import { outreachServices } from '../outreach/outreach-vocabulary.js';
import type { CatalogService } from './directory-catalog.js';
import { capacityStatuses, moudMedications } from './directory-vocabulary.js';
import { openNow, scheduleText } from './opening-hours.js';

/** A service of the directory as every directory route answers it (contract "DirectoryService"). */
export const directoryServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string() }),
  status: z.string(),
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
  part2_program: z.boolean(),
  languages: z.array(z.string()),
  phones: z.array(z.object({ number: z.string(), type: z.string().nullable() })),
  locations: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      address: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      distance_km: z.number().nullable(),
    }),
  ),
  open_now: z.boolean().nullable().describe('Null: the service states no weekly schedule'),
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
  near?: { latitude: number; longitude: number } | null;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine), to one decimal. */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h)) * 10) / 10;
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
    needs: (d?.needs ?? []) as DirectoryService['needs'],
    moud: (d?.moud ?? []) as DirectoryService['moud'],
    same_day_intake: d?.sameDayIntake ?? false,
    walk_in_hours: d?.walkInHours ?? null,
    capacity: {
      status: (d?.capacityStatus ?? 'unknown') as DirectoryService['capacity']['status'],
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
          ? distanceKm(near, { latitude: l.latitude, longitude: l.longitude })
          : null,
    })),
    open_now: openNow(service.schedules, context.now, context.timeZone),
    schedule_text: scheduleText(service.schedules),
    provider_organization_id: d?.providerOrganizationId ?? null,
  };
}
