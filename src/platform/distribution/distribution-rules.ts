import type { CatalogDescription, CatalogForeignKey, CatalogKey, CatalogTable } from './catalog-tables.js';
import {
  DISTRIBUTION_COLUMN,
  DISTRIBUTION_COLUMN_TYPE,
  type TableKind,
  type TableKindDeclaration,
} from './table-kinds.js';

/**
 * The rules a schema must keep to be moved onto Citus sharded by jurisdiction (docs/operations.md,
 * "Past one database: Citus", says each in words with Citus's own limits behind it).
 */
export type DistributionRule =
  | 'table-kind-undeclared'
  | 'table-kind-stale'
  | 'distribution-column-missing'
  | 'distribution-column-nullable'
  | 'distribution-column-type'
  | 'key-without-distribution-column'
  | 'foreign-key-without-distribution-column'
  | 'foreign-key-action-on-distribution-column'
  | 'foreign-key-across-kinds'
  | 'partitioned-reference-table'
  | 'sequence-in-shared-table'
  | 'sequence-outside-local-table'
  | 'trigger-on-shared-table';

/** One broken rule: which table, which constraint (or column, or sequence), which rule, and why. */
export interface DistributionViolation {
  table: string;
  constraint: string | null;
  rule: DistributionRule;
  detail: string;
}

/** Which kinds a foreign key may point to, by the kind of the table that holds it (Citus's rule). */
const ALLOWED_TARGETS: Record<TableKind, readonly TableKind[]> = {
  // A distributed table points to a co-located distributed table (through the distribution column)
  // or to a reference table, which every node holds.
  distributed: ['distributed', 'reference'],
  // A reference table is on every node; what it points to must be too.
  reference: ['reference'],
  // A coordinator-local table may point to a reference table (Citus adds it to its metadata) or to
  // another local table; never to shards that live elsewhere.
  local: ['local', 'reference'],
};

/** What the check takes beside the catalog and the kinds. */
export interface DistributionCheckOptions {
  /** Sequences the migrations' SQL names (nextval, create sequence): each must belong to a
   * coordinator-local table, whether or not it is still in the catalog. */
  migrationSequences?: readonly string[];
  /** Triggers allowed on distributed and reference tables, as `table.trigger` (with their reasons). */
  shardTriggers?: Readonly<Record<string, string>>;
}

/** Every way the schema breaks the rules for its declared kinds, in a stable order (by table, then rule). */
export function checkDistribution(
  catalog: CatalogDescription,
  kinds: Readonly<Record<string, TableKindDeclaration>>,
  options: DistributionCheckOptions = {},
): DistributionViolation[] {
  const { migrationSequences = [], shardTriggers = {} } = options;
  const violations: DistributionViolation[] = [];
  const tables = new Map(catalog.tables.map((t) => [t.name, t]));
  for (const table of catalog.tables) {
    const declared = kinds[table.name];
    if (!declared) {
      violations.push({
        table: table.name,
        constraint: null,
        rule: 'table-kind-undeclared',
        detail:
          'no kind in src/platform/distribution/table-kinds.ts: declare it distributed, reference or local',
      });
      continue;
    }
    if (declared.kind === 'distributed') violations.push(...distributedTableViolations(table));
    if (declared.kind === 'reference' && table.partitioned) {
      violations.push({
        table: table.name,
        constraint: null,
        rule: 'partitioned-reference-table',
        detail: 'Citus distributes a partitioned table only by hash: a reference table cannot be partitioned',
      });
    }
    if (declared.kind !== 'local') {
      violations.push(...sequenceColumnViolations(table));
      for (const trigger of table.triggers) {
        if (shardTriggers[`${table.name}.${trigger}`]) continue;
        violations.push({
          table: table.name,
          constraint: trigger,
          rule: 'trigger-on-shared-table',
          detail: `Citus refuses to distribute a table with triggers unless citus.enable_unsafe_triggers is on, and then runs them on each shard alone: declare it in SHARD_TRIGGERS with why that is safe, or drop it`,
        });
      }
    }
    for (const key of table.foreignKeys) {
      violations.push(...foreignKeyViolations(table, declared.kind, key, tables, kinds));
    }
  }
  for (const name of Object.keys(kinds)) {
    if (!tables.has(name)) {
      violations.push({
        table: name,
        constraint: null,
        rule: 'table-kind-stale',
        detail: 'declared in table-kinds.ts but no such table after the migrations',
      });
    }
  }
  violations.push(...sequenceOwnerViolations(catalog, kinds, migrationSequences));
  return violations.sort(
    (a, b) =>
      a.table.localeCompare(b.table) ||
      a.rule.localeCompare(b.rule) ||
      (a.constraint ?? '').localeCompare(b.constraint ?? ''),
  );
}

function distributedTableViolations(table: CatalogTable): DistributionViolation[] {
  const column = table.columns.find((c) => c.name === DISTRIBUTION_COLUMN);
  if (!column) {
    return [
      {
        table: table.name,
        constraint: null,
        rule: 'distribution-column-missing',
        detail: `a distributed table needs ${DISTRIBUTION_COLUMN} to be sharded by`,
      },
    ];
  }
  const violations: DistributionViolation[] = [];
  if (!column.notNull) {
    violations.push({
      table: table.name,
      constraint: DISTRIBUTION_COLUMN,
      rule: 'distribution-column-nullable',
      detail: 'Citus refuses a row without a value in the distribution column: make it not null',
    });
  }
  if (column.type !== DISTRIBUTION_COLUMN_TYPE) {
    violations.push({
      table: table.name,
      constraint: DISTRIBUTION_COLUMN,
      rule: 'distribution-column-type',
      detail: `${column.type}, not ${DISTRIBUTION_COLUMN_TYPE}: co-located tables shard on columns of one type`,
    });
  }
  for (const key of table.keys) {
    if (!keyHoldsDistributionColumn(key)) {
      violations.push({
        table: table.name,
        constraint: key.name,
        rule: 'key-without-distribution-column',
        detail: `${key.kind} on (${key.columns.map((c) => c ?? '<expression>').join(', ')}) lacks ${DISTRIBUTION_COLUMN}${key.kind === 'exclusion constraint' ? ' with =' : ''}: each node could only check its own shards`,
      });
    }
  }
  return violations;
}

/** A key holds the distribution column as a plain column (an exclusion constraint: compared with =). */
function keyHoldsDistributionColumn(key: CatalogKey): boolean {
  const index = key.columns.indexOf(DISTRIBUTION_COLUMN);
  if (index < 0) return false;
  return key.kind !== 'exclusion constraint' || key.operators[index] === '=';
}

function foreignKeyViolations(
  table: CatalogTable,
  kind: TableKind,
  key: CatalogForeignKey,
  tables: ReadonlyMap<string, CatalogTable>,
  kinds: Readonly<Record<string, TableKindDeclaration>>,
): DistributionViolation[] {
  const targetKind = kinds[key.referencedTable]?.kind;
  // A target without a kind is reported as undeclared on its own; nothing more to say here.
  if (!targetKind || !tables.has(key.referencedTable)) return [];
  const violation = (rule: DistributionRule, detail: string): DistributionViolation => ({
    table: table.name,
    constraint: key.name,
    rule,
    detail,
  });
  if (!ALLOWED_TARGETS[kind].includes(targetKind)) {
    return [
      violation(
        'foreign-key-across-kinds',
        `a ${kind} table cannot point to ${key.referencedTable}, a ${targetKind} table: Citus allows ${ALLOWED_TARGETS[kind].join(' or ')} targets`,
      ),
    ];
  }
  if (kind !== 'distributed') return [];
  const violations: DistributionViolation[] = [];
  const at = key.columns.indexOf(DISTRIBUTION_COLUMN);
  if (targetKind === 'distributed' && (at < 0 || key.referencedColumns[at] !== DISTRIBUTION_COLUMN)) {
    violations.push(
      violation(
        'foreign-key-without-distribution-column',
        `(${key.columns.join(', ')}) → ${key.referencedTable} (${key.referencedColumns.join(', ')}): between distributed tables a foreign key must match ${DISTRIBUTION_COLUMN} to ${DISTRIBUTION_COLUMN}`,
      ),
    );
  }
  if (at >= 0) {
    const badDelete = key.onDelete === 'set null' || key.onDelete === 'set default';
    const badUpdate =
      key.onUpdate === 'set null' || key.onUpdate === 'set default' || key.onUpdate === 'cascade';
    if (badDelete || badUpdate) {
      violations.push(
        violation(
          'foreign-key-action-on-distribution-column',
          `on delete ${key.onDelete}, on update ${key.onUpdate}: Citus refuses set null / set default on delete and set null / set default / cascade on update when the key holds ${DISTRIBUTION_COLUMN}`,
        ),
      );
    }
  }
  return violations;
}

/** A default drawn from a sequence, or an identity column: one counter for every tenant. */
function sequenceColumnViolations(table: CatalogTable): DistributionViolation[] {
  return table.columns
    .filter((c) => c.identity || /\bnextval\s*\(/i.test(c.defaultExpression ?? ''))
    .map((c) => ({
      table: table.name,
      constraint: c.name,
      rule: 'sequence-in-shared-table' as const,
      detail: `${c.identity ? 'identity column' : `default ${c.defaultExpression}`}: one counter across jurisdictions; make ids in the application (UUID v7)`,
    }));
}

/** Every sequence, in the catalog or named by the migrations, belongs to a coordinator-local table. */
function sequenceOwnerViolations(
  catalog: CatalogDescription,
  kinds: Readonly<Record<string, TableKindDeclaration>>,
  migrationSequences: readonly string[],
): DistributionViolation[] {
  const owners = new Map(catalog.sequences.map((s) => [s.name, s.ownedBy]));
  const tables = new Map(catalog.tables.map((t) => [t.name, t]));
  const names = [...new Set([...owners.keys(), ...migrationSequences])];
  const violations: DistributionViolation[] = [];
  for (const name of names) {
    const owner = owners.get(name) ?? null;
    if (owner && kinds[owner.table]?.kind === 'local') continue;
    // A column of a shared table that draws from its sequence is reported at the column already.
    const table = owner ? tables.get(owner.table) : undefined;
    const column = table?.columns.find((c) => c.name === owner?.column);
    if (table && column && sequenceColumnViolations({ ...table, columns: [column] }).length > 0) continue;
    violations.push({
      table: owner?.table ?? '<none>',
      constraint: name,
      rule: 'sequence-outside-local-table',
      detail: owners.has(name)
        ? 'a sequence no coordinator-local column owns could number rows of every jurisdiction'
        : 'the migrations name this sequence but it is not in the catalog: a counter was used and dropped',
    });
  }
  return violations;
}
