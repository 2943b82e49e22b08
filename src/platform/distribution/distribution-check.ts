import type { Queryable } from '../database.js';
import { readMigrations } from '../migrate.js';
import { readCatalog } from './catalog-reader.js';
import { checkDistribution, type DistributionViolation } from './distribution-rules.js';
import { sequencesNamedIn } from './migration-sequences.js';
import { SHARD_TRIGGERS, TABLE_KINDS, type TableKindDeclaration } from './table-kinds.js';

/**
 * Checks a migrated database against the declared kinds and shard triggers: its catalog, plus the
 * sequences the migrations' SQL names. Returns every violation (none: the schema can move onto Citus as declared).
 */
export async function checkDatabaseDistribution(
  db: Queryable,
  kinds: Readonly<Record<string, TableKindDeclaration>> = TABLE_KINDS,
): Promise<DistributionViolation[]> {
  const catalog = await readCatalog(db);
  const named = readMigrations().flatMap((m) => m.statements.flatMap(sequencesNamedIn));
  return checkDistribution(catalog, kinds, {
    migrationSequences: [...new Set(named)],
    shardTriggers: SHARD_TRIGGERS,
  });
}
