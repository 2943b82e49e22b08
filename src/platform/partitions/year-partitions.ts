import type { Queryable } from '../database.js';
import { SosError } from '../errors.js';

/**
 * A table partitioned by range of one column, one partition a year named `<table>_y<year>`, plus
 * `<table>_default` for rows of a year without one. `instant` marks a timestamptz key, whose years are
 * cut at midnight UTC; a date key's years are calendar years of its dates.
 */
export interface YearPartitioned {
  table: string;
  key: string;
  instant: boolean;
}

/** One partition of a table, attached or detached (waiting to be dumped and dropped, or attached again). */
export interface YearPartition {
  table: string;
  partition: string;
  /** Null for the default partition. */
  year: number | null;
  attached: boolean;
  rows: number;
}

/** The name of a table's partition for a year. */
export function partitionName(table: string, year: number): string {
  return `${table}_y${year}`;
}

/** The lower bound of a year in the key's type, as a SQL literal's text. */
export function yearStart(partitioned: YearPartitioned, year: number): string {
  const day = `${String(year).padStart(4, '0')}-01-01`;
  return partitioned.instant ? `${day} 00:00:00+00` : day;
}

/** The year a partition's name stands for, null for the default partition or a name of another form. */
export function yearOfPartition(table: string, partition: string): number | null {
  const match = partition.slice(table.length).match(/^_y(\d{4})$/);
  return partition.startsWith(table) && match ? Number(match[1]) : null;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every partition of the tables, attached ones with their row counts, and the detached year tables. */
export async function listYearPartitions(
  db: Queryable,
  tables: readonly YearPartitioned[],
): Promise<YearPartition[]> {
  const names = tables.map((t) => t.table);
  const attached = await db.query<{ parent: string; child: string }>(
    `select parent.relname as parent, child.relname as child
     from pg_inherits i
     join pg_class parent on parent.oid = i.inhparent
     join pg_class child on child.oid = i.inhrelid
     where parent.relname = any($1::text[]) and pg_table_is_visible(parent.oid)`,
    [names],
  );
  // A detached year is a plain table that is no partition and carries a year partition's name.
  const detached = await db.query<{ name: string }>(
    `select relname as name from pg_class
     where relkind = 'r' and not relispartition and pg_table_is_visible(oid) and relname ~ '_y[0-9]{4}$'`,
  );
  const found: YearPartition[] = [];
  for (const { table } of tables) {
    const own = [
      ...attached.filter((r) => r.parent === table).map((r) => ({ name: r.child, attached: true })),
      ...detached
        .filter((r) => yearOfPartition(table, r.name) !== null)
        .map((r) => ({ name: r.name, attached: false })),
    ];
    for (const { name, attached: isAttached } of own) {
      const [count] = await db.query<{ n: number }>(`select count(*)::int as n from ${quote(name)}`);
      found.push({
        table,
        partition: name,
        year: yearOfPartition(table, name),
        attached: isAttached,
        rows: count?.n ?? 0,
      });
    }
  }
  return found.sort(
    (a, b) =>
      a.table.localeCompare(b.table) ||
      (a.year ?? Number.MAX_SAFE_INTEGER) - (b.year ?? Number.MAX_SAFE_INTEGER),
  );
}

async function relationExists(db: Queryable, name: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
    quote(name),
  ]);
  return row?.found ?? false;
}

/** The condition a row of the year meets, on the key column. */
function inYear(partitioned: YearPartitioned, year: number): string {
  const type = partitioned.instant ? 'timestamptz' : 'date';
  return `${quote(partitioned.key)} >= '${yearStart(partitioned, year)}'::${type}
    and ${quote(partitioned.key)} < '${yearStart(partitioned, year + 1)}'::${type}`;
}

/** The years of the rows a table's default partition holds (rows of years without a partition of their own). */
export async function yearsInDefault(db: Queryable, partitioned: YearPartitioned): Promise<number[]> {
  const fallback = `${partitioned.table}_default`;
  if (!(await relationExists(db, fallback))) return [];
  const key = partitioned.instant ? `${quote(partitioned.key)} at time zone 'UTC'` : quote(partitioned.key);
  const rows = await db.query<{ year: number }>(
    `select distinct extract(year from ${key})::int as year from ${quote(fallback)} order by 1`,
  );
  return rows.map((r) => r.year);
}

/**
 * Makes a table's partition of a year, moving the year's rows out of the default partition first
 * (PostgreSQL refuses a partition whose rows the default holds). Returns the rows moved.
 */
async function makeYearPartition(tx: Queryable, partitioned: YearPartitioned, year: number): Promise<number> {
  const name = quote(partitionName(partitioned.table, year));
  const parent = quote(partitioned.table);
  await tx.query(`create table ${name} (like ${parent} including defaults)`);
  let moved = 0;
  const fallback = `${partitioned.table}_default`;
  if (await relationExists(tx, fallback)) {
    const [row] = await tx.query<{ n: number }>(
      `with moved as (delete from ${quote(fallback)} where ${inYear(partitioned, year)} returning *),
       kept as (insert into ${name} select * from moved returning 1)
       select count(*)::int as n from kept`,
    );
    moved = row?.n ?? 0;
  }
  await tx.query(
    `alter table ${parent} attach partition ${name}
     for values from ('${yearStart(partitioned, year)}') to ('${yearStart(partitioned, year + 1)}')`,
  );
  return moved;
}

/**
 * Makes each table's partition of each year that has none (attached or detached), with the year's rows
 * the default partition held. Returns the partitions made. Run in a transaction: the move and the
 * attach go together.
 */
export async function ensureYearPartitions(
  tx: Queryable,
  tables: readonly YearPartitioned[],
  years: readonly number[],
): Promise<string[]> {
  const made: string[] = [];
  for (const partitioned of tables) {
    for (const year of years) {
      const name = partitionName(partitioned.table, year);
      if (await relationExists(tx, name)) continue;
      await makeYearPartition(tx, partitioned, year);
      made.push(name);
    }
  }
  return made;
}

/**
 * Detaches the year's partition of every table, leaving each as a plain table to dump and drop. A
 * year whose rows sat in a default partition gets its partitions first, so none stays behind.
 * Returns the tables detached; PARTITION_NOT_FOUND (the caller's transaction rolls back what was
 * made) when the year has neither an attached partition nor rows.
 */
export async function detachYear(
  tx: Queryable,
  tables: readonly YearPartitioned[],
  year: number,
): Promise<string[]> {
  const partitions = await listYearPartitions(tx, tables);
  const attached = new Set(partitions.filter((p) => p.attached && p.year === year).map((p) => p.table));
  const detachedBefore = new Set(
    partitions.filter((p) => !p.attached && p.year === year).map((p) => p.table),
  );
  let moved = 0;
  const detached: string[] = [];
  for (const partitioned of tables) {
    if (detachedBefore.has(partitioned.table)) continue;
    if (!attached.has(partitioned.table)) moved += await makeYearPartition(tx, partitioned, year);
    const name = partitionName(partitioned.table, year);
    await tx.query(`alter table ${quote(partitioned.table)} detach partition ${quote(name)}`);
    detached.push(name);
  }
  if (attached.size === 0 && moved === 0) {
    throw new SosError(
      'PARTITION_NOT_FOUND',
      `No partition of ${year} is attached (see: sos partitions list)`,
      {
        year,
      },
    );
  }
  return detached;
}

/**
 * Attaches the year's detached tables again. Refuses (PARTITION_DEFAULT_HOLDS_ROWS) when rows of the
 * year were written to a default partition meanwhile, naming the table: they would overlap the
 * archived rows (a count twice), so an operator decides. PARTITION_NOT_DETACHED when none waits.
 */
export async function attachYear(
  tx: Queryable,
  tables: readonly YearPartitioned[],
  year: number,
): Promise<string[]> {
  const waiting = (await listYearPartitions(tx, tables)).filter((p) => !p.attached && p.year === year);
  if (waiting.length === 0) {
    throw new SosError(
      'PARTITION_NOT_DETACHED',
      `No detached partition of ${year} waits to be attached (see: sos partitions list)`,
      { year },
    );
  }
  const attached: string[] = [];
  for (const partitioned of tables) {
    if (!waiting.some((p) => p.table === partitioned.table)) continue;
    const fallback = `${partitioned.table}_default`;
    if (await relationExists(tx, fallback)) {
      const [row] = await tx.query<{ n: number }>(
        `select count(*)::int as n from ${quote(fallback)} where ${inYear(partitioned, year)}`,
      );
      if ((row?.n ?? 0) > 0) {
        throw new SosError(
          'PARTITION_DEFAULT_HOLDS_ROWS',
          `${fallback} holds ${row?.n} rows of ${year} written while it was detached: move or delete them before attaching ${partitionName(partitioned.table, year)}`,
          { year, table: partitioned.table, rows: row?.n },
        );
      }
    }
    const name = partitionName(partitioned.table, year);
    await tx.query(
      `alter table ${quote(partitioned.table)} attach partition ${quote(name)}
       for values from ('${yearStart(partitioned, year)}') to ('${yearStart(partitioned, year + 1)}')`,
    );
    attached.push(name);
  }
  return attached;
}
