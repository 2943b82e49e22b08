import { parseArgs } from 'node:util';
import { attachPeriod, detachPeriod, listPartitions } from '../partition-archive.js';
import { type CliCommand, required, usageError } from './command-line.js';
import { withContext } from './command-support.js';

/** sos partitions list|detach|attach: the yearly partitions of overdoses, reports and rollups, and their archiving. */
export const partitionsCommand: CliCommand = {
  usage: `sos partitions list [--json]          each partition of overdoses, reports and the rollups: year, attached or detached, rows
sos partitions detach --year YYYY      detach the year's partitions of every partitioned table, to dump and drop them (refused inside the detection window or with open outreach cases)
sos partitions attach --year YYYY      attach a detached year's tables again`,
  run: runPartitions,
};

function yearOf(value: string | undefined): number {
  const text = required(value, 'year');
  if (!/^\d{4}$/.test(text)) throw usageError(`--year must be a year of four digits, not "${text}"`);
  return Number(text);
}

async function runPartitions(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { year: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [action, ...rest] = positionals;
  if (rest.length > 0) throw usageError(`Unexpected argument "${rest[0]}"`);
  if (action === 'list') {
    return withContext({ command: 'partitions list' }, async (context) => {
      const partitions = await listPartitions(context.db);
      if (values.json) console.log(JSON.stringify(partitions));
      else {
        console.log('table                   partition                       year     state     rows');
        for (const p of partitions) {
          console.log(
            [
              p.table.padEnd(22),
              p.partition.padEnd(30),
              String(p.year ?? 'other').padEnd(7),
              (p.attached ? 'attached' : 'DETACHED').padEnd(8),
              String(p.rows).padStart(9),
            ].join('  '),
          );
        }
      }
      return 0;
    });
  }
  if (action === 'detach' || action === 'attach') {
    const year = yearOf(values.year);
    return withContext({ command: `partitions ${action}` }, async (context) => {
      const now = context.clock.now();
      if (action === 'detach') {
        const tables = await detachPeriod(context.db, year, now);
        console.log(`detached ${tables.join(', ')}`);
        console.log(
          'Each is now a plain table outside SOS (no backup takes it): dump it (e.g. pg_dump -t TABLE), then drop it; sos partitions attach --year brings it back.',
        );
      } else {
        const tables = await attachPeriod(context.db, year, now);
        console.log(`attached ${tables.join(', ')}`);
      }
      return 0;
    });
  }
  throw usageError(action ? `Unknown subcommand "${action}"` : 'Name a subcommand: list, detach or attach');
}
