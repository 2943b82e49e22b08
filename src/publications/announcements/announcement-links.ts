import type { Actor } from '../../access/roles.js';
import {
  type DirectorySearchDependencies,
  searchServices,
} from '../../directory/directory-search-service.js';
import type { DirectoryService } from '../../directory/directory-service-presenter.js';
import type { LatLon } from '../../directory/geo-distance.js';
import { SosError } from '../../platform/errors.js';
import type { ChosenLink } from './announcement-content.js';

/** Services offered per kind, nearest first; the first `CHOSEN_PER_KIND` are chosen unless the builder changes them. */
const SUGGESTED_PER_KIND = 5;
const CHOSEN_PER_KIND = 2;

/** The directory needs each kind of link is looked up by, in order of preference. */
const NEEDS: Record<ChosenLink['kind'], string[]> = {
  naloxone: ['naloxone'],
  treatment: ['moud', 'other_treatment'],
};

/** The middle of a GeoJSON geometry's bounding box: where "near the area" is measured from. */
export function geometryCenter(geometry: unknown): LatLon | null {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (node.length >= 2 && typeof node[0] === 'number' && typeof node[1] === 'number') {
      minLon = Math.min(minLon, node[0]);
      maxLon = Math.max(maxLon, node[0]);
      minLat = Math.min(minLat, node[1]);
      maxLat = Math.max(maxLat, node[1]);
      return;
    }
    for (const child of node) visit(child);
  };
  const g = geometry as { coordinates?: unknown; geometries?: { coordinates?: unknown }[] } | null;
  visit(g?.coordinates);
  for (const part of g?.geometries ?? []) visit(part.coordinates);
  if (!Number.isFinite(minLat)) return null;
  return { latitude: (minLat + maxLat) / 2, longitude: (minLon + maxLon) / 2 };
}

/** A directory service as a printed link: its name, first phone and nearest address. */
function asLink(kind: ChosenLink['kind'], service: DirectoryService): ChosenLink {
  const location = service.locations.find((l) => l.address) ?? null;
  const detail = [service.phones[0]?.number, location?.address].filter(Boolean).join(', ');
  return { kind, serviceId: service.id, name: service.name, detail: detail || null, url: null };
}

/**
 * The naloxone and treatment services to suggest for an area, nearest its middle first (or by name
 * when the area has no shape), searched through the directory's own service (its read permission,
 * its filters); the 988 line is added by the template, as fixed data.
 */
export async function suggestLinks(
  deps: DirectorySearchDependencies,
  actor: Actor,
  near: LatLon | null,
): Promise<ChosenLink[]> {
  const suggestions: ChosenLink[] = [];
  for (const kind of ['naloxone', 'treatment'] as const) {
    const seen = new Set<string>();
    for (const need of NEEDS[kind]) {
      const page = await searchServices(deps, actor, {
        need,
        limit: SUGGESTED_PER_KIND,
        ...(near ? { near } : {}),
      });
      for (const service of page.services) {
        if (seen.size >= SUGGESTED_PER_KIND || seen.has(service.id)) continue;
        seen.add(service.id);
        suggestions.push(asLink(kind, service));
      }
    }
  }
  return suggestions;
}

/** The links printed: those named by id (in the order given), else the first of each kind. */
export function chooseLinks(
  suggestions: ChosenLink[],
  serviceIds: readonly string[] | undefined,
): ChosenLink[] {
  if (serviceIds === undefined) {
    return (['naloxone', 'treatment'] as const).flatMap((kind) =>
      suggestions.filter((s) => s.kind === kind).slice(0, CHOSEN_PER_KIND),
    );
  }
  return serviceIds.map((id, i) => {
    const found = suggestions.find((s) => s.serviceId === id);
    if (!found) {
      throw new SosError(
        'ANNOUNCEMENT_LINK_UNKNOWN',
        `link_service_ids[${i}]: "${id}" is not among the naloxone and treatment services suggested for this area`,
        { field: `link_service_ids[${i}]` },
      );
    }
    return found;
  });
}
