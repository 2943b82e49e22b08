import type { CatalogService } from './directory-catalog.js';
import { distanceKm, type LatLon } from './geo-distance.js';
import { openAt } from './service-schedule.js';

// Directory search as a pure function over the catalog: a jurisdiction's directory is hundreds to a few
// thousand services, read whole (docs/ARCHITECTURE.md), so every filter is plain code that a unit test
// can hold to hand-computed answers, and the list and the map apply the very same filters.

/** What a search asks for; every filter is optional and they all apply together. */
export interface DirectoryQuery {
  /** A need met (outreach vocabulary: moud, housing, food...). */
  need?: string;
  /** Only services whose schedules have them open at `now`. */
  openNow?: boolean;
  /** Distances are measured from here; results are ordered by distance. */
  near?: LatLon;
  /** Only services with a location this close to `near`. */
  withinKm?: number;
  /** A language of the service, by HSDS name or code, any case ("Spanish", "es"). */
  language?: string;
  /** An insurance or payment accepted (medicaid, sliding_scale...). */
  insurance?: string;
  /** Free text: every word must appear in the name, description, organization or a location. */
  q?: string;
}

/** A service that matched, with what the search worked out about it. */
export interface DirectoryMatch {
  service: CatalogService;
  openNow: boolean | null;
  /** The distance from `near` to its nearest location (null: no `near`, or no location with coordinates). */
  distanceKm: number | null;
  /** The distance of each location from `near`, by location id (null where unknown). */
  locationDistances: Map<string, number | null>;
  /** Locations kept on the map: those within `withinKm` when it is given, else every one. */
  mappedLocationIds: string[];
}

/** Services no longer offered: HSDS statuses a search leaves out. */
const GONE = new Set(['inactive', 'defunct']);

/** Lower case without accents, so "Clinica" finds "Clínica". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function searchableText(service: CatalogService): string {
  return foldText(
    [
      service.name,
      service.description,
      service.organization.name,
      ...service.locations.flatMap((l) => [l.name, l.address]),
    ]
      .filter(Boolean)
      .join(' '),
  );
}

/** The sort key of a name: folded, so case and accents do not reorder the list. */
export function nameKey(service: CatalogService): string {
  return foldText(service.name);
}

/** The list's order: by distance when measured (unknown distances last), then by name, then by id. */
export function compareMatches(a: DirectoryMatch, b: DirectoryMatch): number {
  if (a.distanceKm !== b.distanceKm) {
    if (a.distanceKm === null) return 1;
    if (b.distanceKm === null) return -1;
    return a.distanceKm - b.distanceKm;
  }
  const byName =
    nameKey(a.service) < nameKey(b.service) ? -1 : nameKey(a.service) > nameKey(b.service) ? 1 : 0;
  if (byName !== 0) return byName;
  return a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0;
}

/** The services of the catalog that meet every filter of the query at `now`, in the list's order. */
export function searchDirectory(
  catalog: readonly CatalogService[],
  query: DirectoryQuery,
  now: Date,
  timeZone: string,
): DirectoryMatch[] {
  const language = query.language ? foldText(query.language.trim()) : null;
  const words = query.q ? foldText(query.q).split(/\s+/).filter(Boolean) : [];
  const matches: DirectoryMatch[] = [];
  for (const service of catalog) {
    if (GONE.has(service.status.toLowerCase())) continue;
    const details = service.details;
    if (query.need && !(details?.needs ?? []).includes(query.need)) continue;
    if (query.insurance && !(details?.insurance ?? []).includes(query.insurance)) continue;
    if (language && !service.languages.some((l) => foldText(l) === language)) continue;
    if (words.length > 0) {
      const haystack = searchableText(service);
      if (!words.every((w) => haystack.includes(w))) continue;
    }
    const openNow = openAt(service.schedules, now, timeZone);
    if (query.openNow && openNow !== true) continue;
    const locationDistances = new Map<string, number | null>();
    for (const location of service.locations) {
      const { latitude, longitude } = location;
      locationDistances.set(
        location.id,
        query.near && latitude !== null && longitude !== null
          ? distanceKm(query.near, { latitude, longitude })
          : null,
      );
    }
    const known = [...locationDistances.values()].filter((d): d is number => d !== null);
    const nearest = known.length > 0 ? Math.min(...known) : null;
    const { withinKm } = query;
    if (withinKm !== undefined && (nearest === null || nearest > withinKm)) continue;
    const mappedLocationIds = service.locations
      .filter((l) => {
        const d = locationDistances.get(l.id);
        return withinKm === undefined || (d !== null && d !== undefined && d <= withinKm);
      })
      .map((l) => l.id);
    matches.push({ service, openNow, distanceKm: nearest, locationDistances, mappedLocationIds });
  }
  return matches.sort(compareMatches);
}
