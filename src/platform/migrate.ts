import { readFileSync } from 'node:fs';
import type { Database } from './database.js';
import { SosError } from './errors.js';

/** Where drizzle-kit writes the migrations (the repo's `drizzle/` folder, next to `dist/`). */
const migrationsFolder = new URL('../../../drizzle/', import.meta.url);

interface JournalEntry {
  tag: string;
}

// A fixed advisory lock key: every process that starts against one PostgreSQL waits here, so two
// instances starting at once never apply the same migration twice.
const MIGRATION_LOCK = 741_502_001;

/** Lists the migrations in order, each with its SQL split into statements. */
export function readMigrations(): { tag: string; statements: string[] }[] {
  const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', migrationsFolder), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries.map((entry) => ({
    tag: entry.tag,
    statements: readFileSync(new URL(`${entry.tag}.sql`, migrationsFolder), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean),
  }));
}

/**
 * Applies the migrations not yet applied, all in one transaction under an advisory lock. Returns their
 * tags. `upTo` stops after that migration (a restore brings a database to its backup's level first).
 */
export async function migrate(db: Database, options: { upTo?: string } = {}): Promise<string[]> {
  const all = readMigrations();
  const last = options.upTo === undefined ? all.length : all.findIndex((m) => m.tag === options.upTo) + 1;
  if (last === 0) throw new SosError('BACKUP_UNKNOWN_MIGRATION', `This SOS has no migration ${options.upTo}`);
  const migrations = all.slice(0, last);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists schema_migrations (tag text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await tx.query<{ tag: string }>('select tag from schema_migrations')).map((r) => r.tag),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.tag)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('insert into schema_migrations (tag) values ($1)', [migration.tag]);
      applied.push(migration.tag);
    }
    return applied;
  });
}

/** The tags of the migrations a database has applied, in the order of the code's list (none when new). */
export async function appliedMigrations(db: Database): Promise<string[]> {
  const [exists] = await db.query<{ found: boolean }>(
    "select to_regclass('schema_migrations') is not null as found",
  );
  if (!exists?.found) return [];
  const done = new Set(
    (await db.query<{ tag: string }>('select tag from schema_migrations')).map((r) => r.tag),
  );
  return readMigrations()
    .map((m) => m.tag)
    .filter((tag) => done.has(tag));
}
