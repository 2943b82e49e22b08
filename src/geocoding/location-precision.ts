/**
 * How exactly an overdose's point is known, from the best: coordinates sent by the source (`rooftop`),
 * an external geocoder's answer for the address (`address`), the centroid of the ZIP code (`zip`), of
 * the city or town (`place`), of the county (`county`), or no point at all (`none`).
 */
export const locationPrecisions = ['rooftop', 'address', 'zip', 'place', 'county', 'none'] as const;

/** One level of how exactly a point is known. */
export type LocationPrecision = (typeof locationPrecisions)[number];

/** The precisions whose points are where the overdose happened, not the centre of a larger area. */
export const pointPrecisions: readonly LocationPrecision[] = ['rooftop', 'address'];

/** Whether a precision is one of the known levels (stored documents are read back through this). */
export function isLocationPrecision(value: unknown): value is LocationPrecision {
  return typeof value === 'string' && (locationPrecisions as readonly string[]).includes(value);
}

/** Whether `a` is more exact than `b`. */
export function moreExact(a: LocationPrecision, b: LocationPrecision): boolean {
  return locationPrecisions.indexOf(a) < locationPrecisions.indexOf(b);
}
