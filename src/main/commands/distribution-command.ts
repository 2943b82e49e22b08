import { parseArgs } from 'node:util';
import { readCatalog, readPlacedTables } from '../../platform/distribution/catalog-reader.js';
import { checkDatabaseDistribution } from '../../platform/distribution/distribution-check.js';
import { distributionStatements } from '../../platform/distribution/distribution-plan.js';
import { TABLE_KINDS } from '../../platform/distribution/table-kinds.js';
import { type CliCommand, usageError } from './command-line.js';
import { withContext } from './command-support.js';

/** sos distribution check|plan: whether the database can move onto Citus as declared, and the SQL that moves it. */
export const distributionCommand: CliCommand = {
  usage: [
    'sos distribution check [--json]   check every table against its declared Citus kind (exit 1 on a violation)',
    'sos distribution plan             print the SQL that places each table not yet placed on a Citus coordinator, in order',
  ].join('\n'),
  run: runDistribution,
};

async function runDistribution(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'plan') {
    if (rest.length > 0) throw usageError('sos distribution plan takes no arguments');
    return withContext({ command: 'distribution plan' }, async (context) => {
      const { tables } = await readCatalog(context.db);
      const placed = await readPlacedTables(context.db);
      for (const statement of distributionStatements(tables, TABLE_KINDS, placed)) console.log(statement);
      return 0;
    });
  }
  if (sub !== 'check') throw usageError('Name the subcommand: check or plan');
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
  return withContext({ command: 'distribution check' }, async (context) => {
    const violations = await checkDatabaseDistribution(context.db);
    const { tables } = await readCatalog(context.db);
    const counts = { distributed: 0, reference: 0, local: 0 };
    for (const table of tables) {
      const kind = TABLE_KINDS[table.name]?.kind;
      if (kind) counts[kind] += 1;
    }
    if (values.json) {
      console.log(JSON.stringify({ tables: tables.length, kinds: counts, violations }, null, 2));
    } else {
      for (const v of violations) console.log(`${v.table} ${v.constraint ?? '-'} ${v.rule}: ${v.detail}`);
      console.log(
        `${tables.length} tables: ${counts.distributed} distributed by jurisdiction_id, ${counts.reference} reference, ${counts.local} coordinator-local; ${violations.length === 0 ? 'no violation' : `${violations.length} violations`}`,
      );
    }
    return violations.length === 0 ? 0 : 1;
  });
}
