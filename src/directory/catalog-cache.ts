import type { Queryable } from '../platform/database.js';
import { catalogVersion } from './catalog-version-repository.js';
import { type CatalogService, loadCatalog } from './directory-catalog.js';

/** How long a catalog is trusted without asking whether the directory changed (a backstop). */
const MAX_AGE_MS = 60_000;

/**
 * The catalogs of the jurisdictions searched lately, each kept with the version of the directory it
 * was read from. Reading 2,000 services' rows took 0.6-0.8 s on PGlite, their version a few ms, and
 * searches from the field repeat; a search reuses the catalog while the version is unchanged.
 */
export class CatalogCache {
  private readonly entries = new Map<
    string,
    { version: string; readAt: number; catalog: CatalogService[] }
  >();

  /** The jurisdiction's catalog, read again only when its directory changed (or a minute passed). */
  async catalogOf(db: Queryable, jurisdictionId: string, nowMs: number): Promise<CatalogService[]> {
    const version = await catalogVersion(db, jurisdictionId);
    const cached = this.entries.get(jurisdictionId);
    if (cached && cached.version === version && nowMs - cached.readAt < MAX_AGE_MS) return cached.catalog;
    const catalog = await loadCatalog(db, jurisdictionId);
    this.entries.set(jurisdictionId, { version, readAt: nowMs, catalog });
    return catalog;
  }
}
