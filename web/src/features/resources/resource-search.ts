import type { JsonResponse } from '../../shared/api';

/** GET /api/v1/directory/services: a page of the search. */
export type DirectorySearchPage = JsonResponse<'/api/v1/directory/services'>;
/** One service of the directory as the search answers it. */
export type DirectoryService = DirectorySearchPage['services'][number];
/** GET /api/v1/directory/map: the located places of the matching services. */
export type ServicesMapCollection = JsonResponse<'/api/v1/directory/map'>;

/** A point distances are measured from, and where it came from (shown beside the filters). */
export interface SearchPoint {
  latitude: number;
  longitude: number;
  label: string;
}

/** The filters of the Resources page. */
export interface ResourceFilters {
  need: string;
  openNow: boolean;
  near: SearchPoint | null;
  withinKm: string;
  language: string;
  insurance: string;
  q: string;
}

/** No filter: every service, by name. */
export const NO_FILTERS: ResourceFilters = {
  need: '',
  openNow: false,
  near: null,
  withinKm: '',
  language: '',
  insurance: '',
  q: '',
};

/** The query string both the list and the map are asked with (a distance only with a point). */
export function filterQuery(filters: ResourceFilters): string {
  const params = new URLSearchParams();
  if (filters.need) params.set('need', filters.need);
  if (filters.openNow) params.set('open_now', 'true');
  if (filters.near) {
    params.set('near', `${filters.near.latitude.toFixed(5)},${filters.near.longitude.toFixed(5)}`);
    if (filters.withinKm) params.set('within_km', filters.withinKm);
  }
  if (filters.language.trim()) params.set('language', filters.language.trim());
  if (filters.insurance) params.set('insurance', filters.insurance);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  return params.toString();
}

/** The towns of the directory's places, each at the middle of its places: the town picker's choices. */
export function townsOf(map: ServicesMapCollection | null): SearchPoint[] {
  const sums = new Map<string, { lat: number; lon: number; n: number }>();
  for (const feature of map?.features ?? []) {
    const town = feature.properties.city;
    if (!town) continue;
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    const sum = sums.get(town) ?? { lat: 0, lon: 0, n: 0 };
    sums.set(town, { lat: sum.lat + lat, lon: sum.lon + lon, n: sum.n + 1 });
  }
  return [...sums.entries()]
    .map(([label, s]) => ({ label, latitude: s.lat / s.n, longitude: s.lon / s.n }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** A phone number as a tel: link dials it (digits and a leading plus only). */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

/** The located places of a services map, as the dashboard's "Services" layer draws them. */
export function servicePlaces(
  map: ServicesMapCollection | null,
): { name: string; latitude: number; longitude: number }[] {
  return (map?.features ?? []).map((f) => {
    const [longitude, latitude] = f.geometry.coordinates as [number, number];
    return { name: f.properties.name, latitude, longitude };
  });
}
