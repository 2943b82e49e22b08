import type { CatalogTable } from './catalog-tables.js';
import { DISTRIBUTION_COLUMN, type TableKindDeclaration } from './table-kinds.js';

/**
 * The SQL that places each table on a Citus cluster as declared, in an order Citus accepts: reference
 * tables first (distributed tables' foreign keys may point to them), then the distributed tables, each
 * after the distributed tables it points to, all in the co-location group of the first; last, the
 * coordinator-local tables that point to a reference table are added to Citus's metadata (the others
 * need nothing). A partitioned parent is distributed with its partitions. Tables without a kind are
 * left out: the check reports them. Tables Citus already places (`placed`) are skipped, so after a
 * later migration the plan holds only its new tables, joining the group of those already distributed.
 */
export function distributionStatements(
  tables: readonly CatalogTable[],
  kinds: Readonly<Record<string, TableKindDeclaration>>,
  placed: readonly string[] = [],
): string[] {
  const ofKind = (kind: TableKindDeclaration['kind']) =>
    tables.filter((t) => kinds[t.name]?.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
  const isPlaced = (t: CatalogTable) => placed.includes(t.name);
  const statements = ofKind('reference')
    .filter((t) => !isPlaced(t))
    .map((t) => `select create_reference_table(${literal(t.name)});`);
  const distributed = inReferenceOrder(ofKind('distributed'));
  const anchor = distributed.find(isPlaced)?.name ?? distributed[0]?.name;
  for (const table of distributed) {
    if (isPlaced(table)) continue;
    const group = table.name === anchor ? "'none'" : literal(anchor ?? '');
    statements.push(
      `select create_distributed_table(${literal(table.name)}, ${literal(DISTRIBUTION_COLUMN)}, colocate_with => ${group});`,
    );
  }
  for (const table of ofKind('local')) {
    if (isPlaced(table)) continue;
    if (table.foreignKeys.some((key) => kinds[key.referencedTable]?.kind === 'reference')) {
      statements.push(`select citus_add_local_table_to_metadata(${literal(table.name)});`);
    }
  }
  return statements;
}

/** Distributed tables ordered so that each comes after those its foreign keys point to. */
function inReferenceOrder(tables: readonly CatalogTable[]): CatalogTable[] {
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const ordered: CatalogTable[] = [];
  let pending = [...tables];
  while (pending.length > 0) {
    const ready = pending.filter((t) =>
      t.foreignKeys.every(
        (k) => k.referencedTable === t.name || !names.has(k.referencedTable) || placed.has(k.referencedTable),
      ),
    );
    // A cycle of foreign keys: place the rest as they are (Citus then needs the keys added afterwards).
    const next = ready.length > 0 ? ready : pending;
    for (const table of next) {
      ordered.push(table);
      placed.add(table.name);
    }
    pending = pending.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

function literal(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}
