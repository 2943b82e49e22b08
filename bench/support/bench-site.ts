/**
 * A place to measure SOS: a fresh migrated database on one engine, a Connecticut jurisdiction with one
 * organization, and the Connecticut towns layer loaded, so that area assignment is part of every intake.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import {
  insertJurisdiction,
  insertOrganization,
} from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { importConnecticutTowns } from '../../src/demo/demo-loader.js';
import { type ImportRequest, importCsvFile } from '../../src/intake/csv-import-service.js';
import { type AppContext, createAppContext } from '../../src/main/app-context.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Database, openPglite, openPostgres } from '../../src/platform/database.js';
import { createTestDatabase } from '../../test/support/postgres-cluster.js';

/** The sites' encryption key (base64), for commands run against a site's database. */
export const BENCH_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** The two engines SOS runs on. */
export const benchEngines = ['pglite', 'postgres'] as const;
/** One engine. */
export type BenchEngine = (typeof benchEngines)[number];

/** An application context ready to take Connecticut reports, and how to throw it all away. */
export interface BenchSite {
  context: AppContext;
  jurisdiction: Jurisdiction;
  organization: Organization;
  /** Scratch folder of this site (PGlite data, quarantine files). */
  dataDir: string;
  /** The PostgreSQL database URL, or null on PGlite. */
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

/**
 * Opens a site on PGlite (on disk, as `sos start` uses it, unless `pgliteInMemory`) or on a fresh
 * database of the PostgreSQL cluster at `clusterUrl`, and loads the towns layer with its populations.
 */
export async function openBenchSite(
  engine: BenchEngine,
  clusterUrl: string | null,
  options: { pgliteInMemory?: boolean } = {},
): Promise<BenchSite> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `sos-bench-${engine}-`));
  let db: Database;
  let databaseUrl: string | null = null;
  let drop = async () => {};
  if (engine === 'pglite') {
    db = await openPglite(options.pgliteInMemory ? 'memory://' : dataDir);
  } else {
    if (!clusterUrl) throw new Error('the postgres engine needs a cluster');
    const created = await createTestDatabase(clusterUrl);
    databaseUrl = created.url;
    drop = created.drop;
    db = await openPostgres(created.url);
  }
  const config = { ...loadConfig({}), dataDir, encryptionKeys: [BENCH_ENCRYPTION_KEY] };
  const context = await createAppContext(config, { db });
  const jurisdiction: Jurisdiction = {
    id: randomUUID(),
    shortName: 'ct',
    name: 'Connecticut',
    timeZone: 'America/New_York',
    parentId: null,
    population: 3_574_097,
  };
  const organization: Organization = {
    jurisdictionId: jurisdiction.id,
    id: randomUUID(),
    name: 'Connecticut EMS',
    type: 'ems',
  };
  await db.transaction(async (tx) => {
    await insertJurisdiction(tx, jurisdiction);
    await insertOrganization(tx, organization);
  });
  await importConnecticutTowns(context, jurisdiction);
  return {
    context,
    jurisdiction,
    organization,
    dataDir,
    databaseUrl,
    dispose: async () => {
      await context.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Imports a generic-preset CSV into the site's jurisdiction and organization, quarantine in its folder;
 * `batchSize` as the import's own default unless given.
 */
export function importIntoSite(
  site: BenchSite,
  filePath: string,
  onProgress?: ImportRequest['onProgress'],
  batchSize?: number,
) {
  return importCsvFile(site.context.intake, cliActor, {
    ...(batchSize ? { batchSize } : {}),
    filePath,
    presetName: 'generic',
    jurisdiction: site.jurisdiction,
    organization: site.organization,
    rejectedPath: path.join(site.dataDir, 'rejected.csv'),
    onProgress,
  });
}
