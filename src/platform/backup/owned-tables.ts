import { readFileSync } from 'node:fs';

/** Where drizzle-kit writes the migrations and their schema snapshots (as in migrate.ts). */
const metaFolder = new URL('../../../../drizzle/meta/', import.meta.url);

/**
 * The tables SOS owns, by name, as the drizzle schema of the latest migration lists them (its
 * snapshot). A backup takes these and no other table a shared PostgreSQL may hold.
 */
export function ownedTables(): string[] {
  const journal = JSON.parse(readFileSync(new URL('_journal.json', metaFolder), 'utf8')) as {
    entries: { idx: number }[];
  };
  const last = journal.entries[journal.entries.length - 1];
  if (!last) return [];
  const snapshot = JSON.parse(
    readFileSync(new URL(`${String(last.idx).padStart(4, '0')}_snapshot.json`, metaFolder), 'utf8'),
  ) as { tables: Record<string, { name: string; schema: string }> };
  return Object.values(snapshot.tables)
    .map((t) => t.name)
    .sort();
}

/** A table or column name quoted for SQL (the names come from our own schema, the quotes keep them exact). */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
