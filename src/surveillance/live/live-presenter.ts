import { z } from 'zod';
import type { Tier } from '../../access/roles.js';
import { pointPrecisions } from '../../geocoding/location-precision.js';
import type { OverdoseRecord } from '../overdose-record.js';

/** A new overdose as an analyst's map shows it (T2): the point, the time and the outcome. */
export const livePointSchema = z.object({
  id: z.string(),
  occurred_at: z.string(),
  occurred_date: z.string(),
  latitude: z.number().nullable().describe('Its exact point; null when it has none or only a centroid'),
  longitude: z.number().nullable(),
  fatal: z.boolean().nullable(),
  source_type: z.string().describe('Its primary source type (the first to report it)'),
});

/** New overdoses as a partner sees them (T1): counts per day and H3 resolution-7 cell, no points or times. */
export const liveCellSchema = z.object({
  day: z.string(),
  cell: z.string().nullable(),
  count: z.number().int(),
});

/** The data of an "overdoses" event: points for T2 and above, cell counts for T1. */
export const liveChangeSchema = z.union([
  z.object({ points: z.array(livePointSchema) }),
  z.object({ cells: z.array(liveCellSchema) }),
]);

/** A new overdose as an analyst's map shows it. */
export type LivePoint = z.infer<typeof livePointSchema>;

/** New overdoses of one day and cell, as a partner sees them. */
export type LiveCell = z.infer<typeof liveCellSchema>;

/** The payload of one live event for a tier: points for T2 and above, else cell counts (T1: who reaches the stream is the policy's to say). */
export function presentLiveChange(
  overdoses: readonly OverdoseRecord[],
  tier: Tier,
): z.infer<typeof liveChangeSchema> {
  if (tier === 'T2' || tier === 'T3') {
    // As on the analysts' point map, a ZIP's, town's or county's centroid is not drawn as a point.
    const exact = (o: OverdoseRecord) => pointPrecisions.includes(o.locationPrecision);
    return {
      points: overdoses.map((o) => ({
        id: o.id,
        occurred_at: o.occurredAt.toISOString(),
        occurred_date: o.occurredDate,
        latitude: exact(o) ? o.latitude : null,
        longitude: exact(o) ? o.longitude : null,
        fatal: o.fatal,
        source_type: o.sourceTypes[0] ?? 'other',
      })),
    };
  }
  const counts = new Map<string, LiveCell>();
  for (const o of overdoses) {
    const key = `${o.occurredDate}|${o.h3R7 ?? ''}`;
    const entry = counts.get(key) ?? { day: o.occurredDate, cell: o.h3R7, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return { cells: [...counts.values()] };
}
