import { copyLine } from '../copy-text.js';
import type { Database } from '../database.js';
import { SosError } from '../errors.js';
import { appliedMigrations, migrate, readMigrations } from '../migrate.js';
import { type BackupManifest, backupLevel, readManifestLine } from './backup-manifest.js';
import { tableColumns } from './database-dump.js';
import { quoteName } from './owned-tables.js';

/** Rows written per transaction. */
const BATCH_ROWS = 5000;

/** How a restore goes. */
export interface RestoreOptions {
  /** The file's name, for messages. */
  file: string;
  /** Empty the target's tables first instead of refusing a database that holds data. */
  replace: boolean;
  /** Run the migrations past the backup's level afterwards (a scratch database for checking does not). */
  migrateAfter: boolean;
  /** Rows per transaction (BATCH_ROWS by default). */
  batchRows?: number;
  progress?(done: number, total: number, table: string): void;
}

/**
 * Restores a dump (the lines `dumpDatabase` wrote) into a database: brings it to the backup's schema
 * level, refuses one that holds data (or empties it with `replace`), copies each table in batches of
 * rows, each batch its own transaction, sets the serial counters past the restored ids, then runs the
 * later migrations. Returns the manifest.
 */
export async function restoreDatabase(
  db: Database,
  lines: AsyncIterable<string>,
  options: RestoreOptions,
): Promise<BackupManifest> {
  const iterator = lines[Symbol.asyncIterator]();
  const manifest = readManifestLine((await iterator.next()).value, options.file);
  await prepareTarget(db, manifest, options);
  const total = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  let done = 0;
  let table: string | null = null;
  let columns: string[] = [];
  let batch = '';
  let batchRows = 0;
  const flush = async () => {
    if (table === null || batchRows === 0) return;
    const [name, text] = [quoteName(table), batch];
    await db.transaction((tx) => tx.copyLines(name, columns.map(quoteName), text));
    done += batchRows;
    batch = '';
    batchRows = 0;
    options.progress?.(done, total, table);
  };
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const line = next.value;
    if (line.startsWith('[')) {
      if (table === null) throw damaged(options.file, 'a row comes before any table');
      batch += copyLine(JSON.parse(line) as (string | null)[]);
      if (++batchRows >= (options.batchRows ?? BATCH_ROWS)) await flush();
      continue;
    }
    await flush();
    const section = JSON.parse(line) as { table?: string; columns?: string[] };
    if (!section.table || !section.columns || !(section.table in manifest.tables)) {
      throw damaged(options.file, `an unexpected line: ${line.slice(0, 80)}`);
    }
    table = section.table;
    columns = section.columns;
    const present = new Set(await tableColumns(db, table));
    const missing = columns.filter((c) => !present.has(c));
    if (missing.length > 0) {
      throw new SosError(
        'BACKUP_UNKNOWN_MIGRATION',
        `Table ${table} of the backup has columns the database lacks at its level: ${missing.join(', ')}`,
      );
    }
  }
  await flush();
  await resetSerials(db, Object.keys(manifest.tables));
  if (options.migrateAfter) await migrate(db);
  return manifest;
}

/** Brings the target to the backup's schema level and makes sure it is empty (or empties it). */
async function prepareTarget(db: Database, manifest: BackupManifest, options: RestoreOptions): Promise<void> {
  const level = backupLevel(manifest);
  if (!readMigrations().some((m) => m.tag === level)) {
    throw new SosError(
      'BACKUP_UNKNOWN_MIGRATION',
      `${options.file} comes from a later SOS (schema ${level}): restore it with that version or a newer one`,
    );
  }
  const taken = new Set(manifest.migrations);
  const beyond = (await appliedMigrations(db)).filter((tag) => !taken.has(tag));
  if (beyond.length > 0) {
    throw new SosError(
      'RESTORE_TARGET_NEWER',
      `The database has migrations the backup (schema ${level}) lacks, from ${beyond[0]}: restore into an empty database`,
    );
  }
  await migrate(db, { upTo: level });
  const tables = Object.keys(manifest.tables);
  const holding: string[] = [];
  for (const table of tables) {
    const [row] = await db.query<{ any: boolean }>(
      `select exists (select 1 from ${quoteName(table)}) as any`,
    );
    if (row?.any) holding.push(table);
  }
  if (holding.length === 0) return;
  if (!options.replace) {
    throw new SosError(
      'RESTORE_TARGET_NOT_EMPTY',
      `The database already holds rows in ${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ` and ${holding.length - 5} more tables` : ''}: restore into an empty one, or add --replace to overwrite it`,
    );
  }
  // TRUNCATE fires no row triggers, so the audit trail's append-only trigger does not refuse it; an
  // operator replacing a database with its backup is the one case that may drop its entries.
  await db.exec(`truncate ${tables.map(quoteName).join(', ')}`);
}

/** Moves each serial column's counter past the largest restored value. */
async function resetSerials(db: Database, tables: string[]): Promise<void> {
  const serials = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and column_default like 'nextval(%' and table_name = any($1::text[])`,
    [tables],
  );
  for (const { table_name: table, column_name: column } of serials) {
    await db.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce(max(${quoteName(column)}), 0) + 1, false) from ${quoteName(table)}`,
      [quoteName(table), column],
    );
  }
}

function damaged(file: string, why: string): SosError {
  return new SosError('BACKUP_DAMAGED', `${file} cannot be restored: ${why}`, { file });
}
