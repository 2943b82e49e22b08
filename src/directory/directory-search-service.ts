import { authorize } from '../access/authorize.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import type { CatalogCache } from './catalog-cache.js';
import { type DirectoryMatch, type DirectoryQuery, searchDirectory } from './directory-search.js';
import { type DirectoryService, presentDirectoryService } from './directory-service-presenter.js';
import { pageOfMatches } from './search-page.js';
import { presentServicesMap, type ServicesMap } from './services-map-presenter.js';

/** What directory search needs of the app. */
export interface DirectorySearchDependencies {
  db: Queryable;
  clock: Clock;
  /** The catalogs read lately, reused while the directory is unchanged. */
  catalogs: CatalogCache;
}

/** A page of search results. */
export interface DirectorySearchPage {
  services: DirectoryService[];
  next_cursor: string | null;
  total: number;
}

/**
 * The matches of the actor's jurisdiction's directory. Every signed-in role but submitters reads the
 * directory (directory.read): its services are public facts, so nothing here is audited.
 */
async function matchesFor(
  deps: DirectorySearchDependencies,
  actor: Actor,
  query: DirectoryQuery,
): Promise<{ matches: DirectoryMatch[]; now: Date; timeZone: string }> {
  const jurisdictionId = actor.kind === 'user' || actor.kind === 'api_key' ? actor.jurisdictionId : '';
  authorize(actor, 'directory.read', { type: 'directory', jurisdictionId });
  if (query.withinKm !== undefined && !query.near) {
    throw new SosError(
      'VALIDATION_FAILED',
      'within_km needs a point to measure from: give near=lat,lon too',
      {
        field: 'within_km',
      },
    );
  }
  const jurisdiction = await findJurisdiction(deps.db, jurisdictionId);
  if (!jurisdiction) throw new SosError('NOT_FOUND', 'The jurisdiction does not exist');
  // One instant for the whole answer: open now means the same moment for every service.
  const now = deps.clock.now();
  const catalog = await deps.catalogs.catalogOf(deps.db, jurisdictionId, now.getTime());
  const { timeZone } = jurisdiction;
  return { matches: searchDirectory(catalog, query, now, timeZone), now, timeZone };
}

/** Searches the directory: one page of the services that meet every filter, and how many do. */
export async function searchServices(
  deps: DirectorySearchDependencies,
  actor: Actor,
  query: DirectoryQuery & { limit: number; cursor?: string },
): Promise<DirectorySearchPage> {
  const { matches, now, timeZone } = await matchesFor(deps, actor, query);
  const { page, nextCursor } = pageOfMatches(matches, query.limit, query.cursor);
  return {
    services: page.map((m) => presentDirectoryService(m.service, { now, timeZone, near: query.near })),
    next_cursor: nextCursor,
    total: matches.length,
  };
}

/** The located places of the services that meet every filter, as GeoJSON for the services map. */
export async function mapServices(
  deps: DirectorySearchDependencies,
  actor: Actor,
  query: DirectoryQuery,
): Promise<ServicesMap> {
  return presentServicesMap((await matchesFor(deps, actor, query)).matches);
}
