// What the Naloxone page reads from the API, typed from the server's OpenAPI document.
import type { JsonResponse } from '../../shared/api';

/** GET /api/v1/naloxone/coverage. */
export type Coverage = JsonResponse<'/api/v1/naloxone/coverage'>;
/** One area's figures of the coverage. */
export type AreaFigures = Coverage['areas'][number];
/** GET /api/v1/naloxone/access-points. */
export type AccessPointPage = JsonResponse<'/api/v1/naloxone/access-points'>;
/** One access point. */
export type AccessPoint = AccessPointPage['access_points'][number];
/** POST /api/v1/naloxone/distributions (and its CSV import). */
export type Recording = JsonResponse<'/api/v1/naloxone/distributions', 'post'>;
/** GET /api/v1/naloxone/organizations. */
export type RecordingOrganizations = JsonResponse<'/api/v1/naloxone/organizations'>;

/** A figure with one decimal, or a dash when there is none. */
export function oneDecimal(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}
