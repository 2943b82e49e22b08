import type { Queryable } from '../database.js';
import type {
  CatalogDescription,
  CatalogForeignKey,
  CatalogKey,
  CatalogKeyKind,
  CatalogTable,
  ForeignKeyAction,
} from './catalog-tables.js';

// Tables of the current schema: plain tables and partitioned parents, never a partition (it inherits
// its parent's keys, and Citus distributes it with the parent).
const TABLES = `
  select c.oid::bigint as oid, c.relname as name, c.relkind = 'p' as partitioned
  from pg_class c
  where c.relnamespace = (select n.oid from pg_namespace n where n.nspname = current_schema()) and c.relkind in ('r', 'p') and not c.relispartition`;

/** Reads the description of the current schema's tables and sequences from pg_catalog (both engines). */
export async function readCatalog(db: Queryable): Promise<CatalogDescription> {
  const tableRows = await db.query<{ oid: string; name: string; partitioned: boolean }>(
    `${TABLES} order by c.relname`,
  );
  const columnRows = await db.query<{
    oid: string;
    name: string;
    type: string;
    not_null: boolean;
    default_expression: string | null;
    identity: boolean;
  }>(
    `select a.attrelid::bigint as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
       a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default_expression,
       a.attidentity <> '' as identity
     from pg_attribute a
     left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid in (select oid from (${TABLES}) t) and a.attnum > 0 and not a.attisdropped
     order by a.attrelid, a.attnum`,
  );
  // Constraints' columns one row each (with the exclusion operator), then unique indexes that back
  // no constraint (an expression column reads as attnum 0, name null).
  const constraintRows = await db.query<{
    oid: string;
    name: string;
    contype: string;
    ord: number;
    column_name: string | null;
    operator: string | null;
    referenced_table: string | null;
    referenced_column: string | null;
    on_delete: string;
    on_update: string;
  }>(
    `select con.conrelid::bigint as oid, con.conname as name, con.contype::text as contype, k.ord::int as ord,
       a.attname as column_name, op.oprname as operator, rc.relname as referenced_table,
       ra.attname as referenced_column, con.confdeltype::text as on_delete, con.confupdtype::text as on_update
     from pg_constraint con
     cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
     join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
     left join pg_operator op on op.oid = con.conexclop[k.ord]
     left join pg_class rc on rc.oid = con.confrelid
     left join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = con.confkey[k.ord]
     where con.conrelid in (select oid from (${TABLES}) t) and con.contype in ('p', 'u', 'x', 'f')
     order by con.conrelid, con.conname, k.ord`,
  );
  const indexRows = await db.query<{ oid: string; name: string; ord: number; column_name: string | null }>(
    `select i.indrelid::bigint as oid, ic.relname as name, k.ord::int as ord, a.attname as column_name
     from pg_index i
     join pg_class ic on ic.oid = i.indexrelid
     cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
     left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum and k.attnum > 0
     where i.indisunique and i.indrelid in (select oid from (${TABLES}) t)
       and k.ord <= i.indnkeyatts
       and not exists (select 1 from pg_constraint con where con.conindid = i.indexrelid and con.conrelid = i.indrelid)
     order by i.indrelid, ic.relname, k.ord`,
  );
  const triggerRows = await db.query<{ oid: string; name: string }>(
    `select t.tgrelid::bigint as oid, t.tgname as name from pg_trigger t
     where not t.tgisinternal and t.tgrelid in (select oid from (${TABLES}) tt)
     order by t.tgrelid, t.tgname`,
  );
  const sequenceRows = await db.query<{
    name: string;
    owner_table: string | null;
    owner_column: string | null;
  }>(
    `select s.relname as name, t.relname as owner_table, a.attname as owner_column
     from pg_class s
     left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid
       and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i') and d.refobjsubid > 0
     left join pg_class t on t.oid = d.refobjid
     left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
     where s.relnamespace = (select n.oid from pg_namespace n where n.nspname = current_schema()) and s.relkind = 'S'
     order by s.relname`,
  );

  const byOid = new Map<string, CatalogTable>();
  for (const row of tableRows) {
    byOid.set(String(row.oid), {
      name: row.name,
      partitioned: row.partitioned,
      columns: [],
      keys: [],
      foreignKeys: [],
      triggers: [],
    });
  }
  for (const row of triggerRows) byOid.get(String(row.oid))?.triggers.push(row.name);
  for (const row of columnRows) {
    byOid.get(String(row.oid))?.columns.push({
      name: row.name,
      type: row.type,
      notNull: row.not_null,
      defaultExpression: row.default_expression,
      identity: row.identity,
    });
  }
  const keys = new Map<string, CatalogKey>();
  const foreignKeys = new Map<string, CatalogForeignKey>();
  for (const row of constraintRows) {
    const table = byOid.get(String(row.oid));
    if (!table) continue;
    const id = `${row.oid}/${row.name}`;
    if (row.contype === 'f') {
      let key = foreignKeys.get(id);
      if (!key) {
        key = {
          name: row.name,
          columns: [],
          referencedTable: row.referenced_table ?? '',
          referencedColumns: [],
          onDelete: action(row.on_delete),
          onUpdate: action(row.on_update),
        };
        foreignKeys.set(id, key);
        table.foreignKeys.push(key);
      }
      key.columns.push(row.column_name ?? '');
      key.referencedColumns.push(row.referenced_column ?? '');
      continue;
    }
    let key = keys.get(id);
    if (!key) {
      key = {
        name: row.name,
        kind: KEY_KINDS[row.contype] ?? 'unique constraint',
        columns: [],
        operators: [],
      };
      keys.set(id, key);
      table.keys.push(key);
    }
    key.columns.push(row.column_name);
    if (row.contype === 'x') key.operators.push(row.operator ?? '');
  }
  for (const row of indexRows) {
    const table = byOid.get(String(row.oid));
    if (!table) continue;
    const id = `${row.oid}/${row.name}`;
    let key = keys.get(id);
    if (!key) {
      key = { name: row.name, kind: 'unique index', columns: [], operators: [] };
      keys.set(id, key);
      table.keys.push(key);
    }
    key.columns.push(row.column_name);
  }
  return {
    tables: [...byOid.values()],
    sequences: sequenceRows.map((row) => ({
      name: row.name,
      ownedBy:
        row.owner_table && row.owner_column ? { table: row.owner_table, column: row.owner_column } : null,
    })),
  };
}

/**
 * The tables Citus already places (its metadata table `pg_dist_partition`, present once the citus
 * extension is created), or none on a plain PostgreSQL or PGlite.
 */
export async function readPlacedTables(db: Queryable): Promise<string[]> {
  const [found] = await db.query<{ found: boolean }>(
    "select to_regclass('pg_dist_partition') is not null as found",
  );
  if (!found?.found) return [];
  const rows = await db.query<{ name: string }>(
    'select c.relname as name from pg_dist_partition p join pg_class c on c.oid = p.logicalrelid order by 1',
  );
  return rows.map((r) => r.name);
}

const KEY_KINDS: Record<string, CatalogKeyKind> = {
  p: 'primary key',
  u: 'unique constraint',
  x: 'exclusion constraint',
};

const ACTIONS: Record<string, ForeignKeyAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

function action(code: string): ForeignKeyAction {
  return ACTIONS[code] ?? 'no action';
}
