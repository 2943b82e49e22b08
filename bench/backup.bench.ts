/**
 * Backup and restore of the demo data (Connecticut OCME deaths, Tempe EMS calls, the towns layer, the
 * outreach program's synthetic survivors, the directory): the demo is loaded once, then `takeBackup`
 * (dump, gzip, AES-256-GCM), `verifyBackup` (restore into a scratch PGlite folder, counts, audit
 * chains and heads) and a restore into a fresh database of the same engine (checked whole first, then
 * written, then migrated) are timed, with the rows, the file's size and the peak RSS.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/backup.bench.js [--engine pglite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadDemoOnce } from '../src/demo/demo-loader.js';
import { createAppContext } from '../src/main/app-context.js';
import { restoreBackup, takeBackup, verifyBackup } from '../src/main/backups.js';
import { backupKeyOf } from '../src/platform/backup/backup-key.js';
import { loadConfig } from '../src/platform/config.js';
import { type Database, openPglite, openPostgres } from '../src/platform/database.js';
import { createTestDatabase, startPostgresCluster } from '../test/support/postgres-cluster.js';
import { BENCH_ENCRYPTION_KEY, type BenchEngine } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { count, mib, peakRssBytes, secs } from './support/figures.js';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'pglite' } } });
const engine = values.engine as BenchEngine;
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--engine is pglite or postgres');

const scratch = mkdtempSync(path.join(tmpdir(), 'sos-bench-backup-'));
const cluster = engine === 'postgres' ? await startPostgresCluster() : null;
const release = cleanupOnSignal(async () => {
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});
const drops: (() => Promise<void>)[] = [];
/** A fresh database of the engine: a PGlite folder, or a new database of the cluster. */
async function freshDatabase(name: string): Promise<Database> {
  if (!cluster) return openPglite(path.join(scratch, name));
  const created = await createTestDatabase(cluster.url);
  drops.push(created.drop);
  return openPostgres(created.url);
}

try {
  const db = await freshDatabase('source');
  const config = {
    ...loadConfig({}),
    dataDir: path.join(scratch, 'source'),
    encryptionKeys: [BENCH_ENCRYPTION_KEY],
  };
  const context = await createAppContext(config, { db });
  let started = performance.now();
  await loadDemoOnce(context);
  console.log(`${engine}: demo loaded in ${secs((performance.now() - started) / 1000)} s`);
  const key = backupKeyOf(Buffer.alloc(32, 9).toString('base64'), 'bench');
  const file = path.join(scratch, 'demo.sosbackup');
  started = performance.now();
  const { manifest, bytes } = await takeBackup(db, file, key, new Date());
  const backupSeconds = (performance.now() - started) / 1000;
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  await context.close();
  console.log(
    `${engine}: backup of ${count(rows)} rows (${Object.keys(manifest.tables).length} tables) in ${secs(backupSeconds)} s, ${count(Math.round(rows / backupSeconds))} rows/s, file ${mib(bytes)} MiB`,
  );
  started = performance.now();
  const check = await verifyBackup(file, key);
  console.log(
    `${engine}: verify (restore into a scratch PGlite folder, counts, chains, heads) in ${secs((performance.now() - started) / 1000)} s, ${check.differences.length} differences`,
  );
  const target = await freshDatabase('restored');
  started = performance.now();
  await restoreBackup(target, file, key, { replace: false, migrateAfter: true });
  const restoreSeconds = (performance.now() - started) / 1000;
  await target.close();
  console.log(
    `${engine}: restore into a fresh database (checked whole, written, migrated) in ${secs(restoreSeconds)} s, ${count(Math.round(rows / restoreSeconds))} rows/s`,
  );
  console.log(`peak RSS ${mib(peakRssBytes())} MiB`);
} finally {
  for (const drop of drops) await drop().catch(() => {});
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
  release();
}
