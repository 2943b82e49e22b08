import { z } from 'zod';
import { openAt, type ScheduleRow, scheduleText } from '../directory/service-schedule.js';
import type { StoredAccessPoint } from './access-point-repository.js';
import { accessPointTypes, type OpeningHours, weekdays } from './naloxone-vocabulary.js';

/** One weekly opening, as the API takes and gives it. */
export const openingHoursSchema = z
  .object({
    byday: z.array(z.enum(weekdays)).min(1).max(7).describe('Days of the week, as HSDS writes them (MO..SU)'),
    opens_at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM'),
    closes_at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM'),
  })
  .strict();

/** An access point as it leaves the server: the place, its hours, open now, and a vending machine's stock. */
export const presentedAccessPointSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  site_type: z.enum(accessPointTypes),
  address: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  area_id: z.string().nullable(),
  area_name: z.string().nullable(),
  hours: z.array(openingHoursSchema),
  hours_text: z.string().nullable().describe('The hours in words ("Mon, Tue 09:00-17:00")'),
  open_now: z.boolean().nullable().describe('Null when no hours are known'),
  active: z.boolean(),
  organization_id: z.uuid().nullable().describe('The organization that runs it (its API key reports stock)'),
  low_stock_kits: z.number().int(),
  last_stock: z
    .object({
      reported_at: z.iso.datetime({ offset: true }),
      kits_left: z.number().int(),
      restocked: z.boolean(),
    })
    .nullable(),
  low_stock: z.boolean().describe('A vending machine whose last report held low_stock_kits kits or fewer'),
});

/** An access point as presented. */
export type PresentedAccessPoint = z.infer<typeof presentedAccessPointSchema>;

/** The weekly hours as the directory's schedule rows, so open-now is the directory's own rule. */
function scheduleRows(hours: readonly OpeningHours[]): ScheduleRow[] {
  return hours.map((h) => ({
    freq: 'WEEKLY',
    byday: h.byday.join(','),
    opens_at: h.opens_at,
    closes_at: h.closes_at,
  }));
}

/** The allowlisted fields of an access point, with open-now at `now` in the jurisdiction's zone. */
export function presentAccessPoint(
  point: StoredAccessPoint,
  context: { now: Date; timeZone: string; areaNames: ReadonlyMap<string, string> },
): PresentedAccessPoint {
  const rows = scheduleRows(point.hours);
  return {
    id: point.id,
    name: point.name,
    site_type: point.siteType as PresentedAccessPoint['site_type'],
    address: point.address,
    latitude: point.latitude,
    longitude: point.longitude,
    area_id: point.areaId,
    area_name: point.areaId === null ? null : (context.areaNames.get(point.areaId) ?? point.areaId),
    hours: point.hours,
    hours_text: scheduleText(rows),
    open_now: openAt(rows, context.now, context.timeZone),
    active: point.active,
    organization_id: point.organizationId,
    low_stock_kits: point.lowStockKits,
    last_stock: point.lastStock && {
      reported_at: point.lastStock.reportedAt.toISOString(),
      kits_left: point.lastStock.kitsLeft,
      restocked: point.lastStock.restocked,
    },
    low_stock:
      point.siteType === 'vending_machine' &&
      point.lastStock !== null &&
      point.lastStock.kitsLeft <= point.lowStockKits,
  };
}
