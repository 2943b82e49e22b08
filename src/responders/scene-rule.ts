import type { SceneOverdose } from '../surveillance/scene-overdoses.js';

/** The kinds of hard scene after which a unit's supervisor is prompted to offer a debrief. */
export const sceneKinds = ['fatal', 'pediatric', 'multiple_victim'] as const;

/** One kind of hard scene. */
export type SceneKind = (typeof sceneKinds)[number];

/** Overdoses this close in time (minutes) and place (metres) are one scene with several victims. */
export const MULTIPLE_VICTIM_MINUTES = 30;
/** See MULTIPLE_VICTIM_MINUTES. */
export const MULTIPLE_VICTIM_METRES = 150;

/** A child: under 18 by age, or by an age band wholly under 18 when the age is not known. */
const PEDIATRIC_BANDS: ReadonlySet<string> = new Set(['0-4', '5-9', '10-14']);

/** Great-circle distance in metres (haversine on a sphere of the mean Earth radius). */
export function distanceMetres(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether two overdoses were one scene: both with a time of day and a place, at most
 * MULTIPLE_VICTIM_MINUTES apart and MULTIPLE_VICTIM_METRES away. A date alone or an address without
 * coordinates cannot tell, so such an overdose is a scene of its own.
 */
export function sameScene(a: SceneOverdose, b: SceneOverdose): boolean {
  if (!a.timeKnown || !b.timeKnown) return false;
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null)
    return false;
  if (Math.abs(a.occurredAt.getTime() - b.occurredAt.getTime()) > MULTIPLE_VICTIM_MINUTES * 60_000)
    return false;
  return (
    distanceMetres(
      { latitude: a.latitude, longitude: a.longitude },
      { latitude: b.latitude, longitude: b.longitude },
    ) <= MULTIPLE_VICTIM_METRES
  );
}

/** Whether the overdose was a child's. */
export function isPediatric(o: Pick<SceneOverdose, 'age' | 'ageBand'>): boolean {
  if (o.age !== null) return o.age < 18;
  return o.ageBand !== null && PEDIATRIC_BANDS.has(o.ageBand);
}

/**
 * What made a scene hard, in the order of `sceneKinds`: a death, a child, or two victims or more. A
 * unit at the scene was exposed to all of it, whichever victim it attended.
 */
export function kindsOfScene(
  scene: readonly Pick<SceneOverdose, 'fatal' | 'age' | 'ageBand'>[],
): SceneKind[] {
  const kinds: SceneKind[] = [];
  if (scene.some((o) => o.fatal === true)) kinds.push('fatal');
  if (scene.some(isPediatric)) kinds.push('pediatric');
  if (scene.length >= 2) kinds.push('multiple_victim');
  return kinds;
}
