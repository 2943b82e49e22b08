import type { Tier } from '../../access/roles.js';
import type { OverdoseRecord } from '../overdose-store.js';

/** A new overdose as an analyst's map shows it (T2): the point, the time and the outcome. */
export interface LivePoint {
  id: string;
  occurredAt: string;
  occurredDate: string;
  latitude: number | null;
  longitude: number | null;
  fatal: boolean | null;
  sourceType: string;
}

/** New overdoses as a partner sees them (T1): counts per day and H3 resolution-7 cell, no points or times. */
export interface LiveCellCount {
  day: string;
  cell: string | null;
  count: number;
}

/** The payload of one live event for a tier: points for T2 and above, else cell counts (T1: who reaches the stream is the policy's to say). */
export function presentLiveChange(
  overdoses: readonly OverdoseRecord[],
  tier: Tier,
): { points: LivePoint[] } | { cells: LiveCellCount[] } {
  if (tier === 'T2' || tier === 'T3') {
    return {
      points: overdoses.map((o) => ({
        id: o.id,
        occurredAt: o.occurredAt.toISOString(),
        occurredDate: o.occurredDate,
        latitude: o.latitude,
        longitude: o.longitude,
        fatal: o.fatal,
        sourceType: o.sourceTypes[0] ?? 'other',
      })),
    };
  }
  const counts = new Map<string, LiveCellCount>();
  for (const o of overdoses) {
    const key = `${o.occurredDate}|${o.h3R7 ?? ''}`;
    const entry = counts.get(key) ?? { day: o.occurredDate, cell: o.h3R7, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return { cells: [...counts.values()] };
}
