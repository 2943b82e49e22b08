import type { Database, Queryable } from '../database.js';
import { appliedMigrations } from '../migrate.js';
import type { BackupManifest } from './backup-manifest.js';
import { ownedTables, quoteName } from './owned-tables.js';

/** Rows fetched from the cursor at a time. */
const PAGE_ROWS = 2000;

/** Where a dump goes, and what it says along the way. */
export interface DumpSink {
  /** Takes the next lines (each ending in a newline); resolves when more may be written. */
  write(text: string): Promise<void>;
  /** Rows written so far out of all (for a progress bar). */
  progress?(done: number, total: number, table: string): void;
}

/**
 * Writes a logical dump of every table SOS owns: a manifest line, then per table a line naming it and
 * its columns and one JSON array per row, each value in PostgreSQL's text form (null stays null).
 * Text forms read back with COPY on either engine, so a backup of PGlite restores into PostgreSQL and
 * back. All of it is read in one repeatable-read transaction: counts, rows and `describe` (the audit
 * heads) come from the same snapshot.
 */
export async function dumpDatabase(
  db: Database,
  sink: DumpSink,
  options: { now: Date; describe(tx: Queryable): Promise<Pick<BackupManifest, 'audit_heads'>> },
): Promise<BackupManifest> {
  const migrations = await appliedMigrations(db);
  return db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    const tables: Record<string, number> = {};
    for (const table of ownedTables()) {
      const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from ${quoteName(table)}`);
      tables[table] = row?.n ?? 0;
    }
    const manifest: BackupManifest = {
      format: 'sos-backup',
      version: 1,
      created_at: options.now.toISOString(),
      engine: db.kind,
      migrations,
      tables,
      ...(await options.describe(tx)),
    };
    await sink.write(`${JSON.stringify({ manifest })}\n`);
    const total = Object.values(tables).reduce((a, b) => a + b, 0);
    let done = 0;
    for (const table of Object.keys(tables)) {
      const columns = await tableColumns(tx, table);
      await sink.write(`${JSON.stringify({ table, columns })}\n`);
      const selected = columns.map((c, i) => `${quoteName(c)}::text as c${i}`).join(', ');
      await tx.query(`declare backup_rows no scroll cursor for select ${selected} from ${quoteName(table)}`);
      for (;;) {
        const rows = await tx.query<Record<string, string | null>>(`fetch ${PAGE_ROWS} from backup_rows`);
        if (rows.length === 0) break;
        let text = '';
        for (const row of rows) text += `${JSON.stringify(columns.map((_, i) => row[`c${i}`] ?? null))}\n`;
        await sink.write(text);
        done += rows.length;
        sink.progress?.(done, total, table);
      }
      await tx.query('close backup_rows');
    }
    return manifest;
  });
}

/** A table's columns in their order. */
export async function tableColumns(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `select column_name from information_schema.columns
     where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}
