import { localDateOf } from '../platform/time-zones.js';
import type { SceneKind } from './scene-rule.js';

/** One exposure as counted: its unit, when, what made it hard and what its supervisor answered. */
export interface CountedExposure {
  unitId: string;
  occurredAt: Date;
  sceneKinds: readonly SceneKind[];
  offerMade: boolean | null;
  offerAccepted: boolean | null;
}

/** A unit's hard scenes in one month. */
export interface UnitMonthCount {
  unit_id: string;
  month: string;
  scenes: number;
  fatal: number;
  pediatric: number;
  multiple_victim: number;
  offers_made: number;
  offers_accepted: number;
}

/**
 * Scenes per unit per calendar month of the jurisdiction's time zone: a scene counts once in `scenes`
 * and once under each kind it was (so the kinds may add up to more than the scenes); offers made and
 * accepted as the supervisors answered. Ordered by month, then unit id.
 */
export function countScenesByMonth(
  exposures: readonly CountedExposure[],
  timeZone: string,
): UnitMonthCount[] {
  const counts = new Map<string, UnitMonthCount>();
  for (const e of exposures) {
    const month = localDateOf(e.occurredAt, timeZone).slice(0, 7);
    const key = `${month}/${e.unitId}`;
    let count = counts.get(key);
    if (!count) {
      count = {
        unit_id: e.unitId,
        month,
        scenes: 0,
        fatal: 0,
        pediatric: 0,
        multiple_victim: 0,
        offers_made: 0,
        offers_accepted: 0,
      };
      counts.set(key, count);
    }
    count.scenes++;
    for (const kind of e.sceneKinds) count[kind]++;
    if (e.offerMade === true) count.offers_made++;
    if (e.offerAccepted === true) count.offers_accepted++;
  }
  return [...counts.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || a.unit_id.localeCompare(b.unit_id),
  );
}
