import { parseArgs } from 'node:util';
import { cliActor } from '../../access/roles.js';
import { exportDirectory } from '../../directory/directory-export.js';
import { importDirectory } from '../../directory/directory-import.js';
import { readHsdsPackage } from '../../directory/hsds-package.js';
import type { PackageProblem } from '../../directory/hsds-row-validation.js';
import { type CliCommand, usageError } from './command-line.js';
import { resolveJurisdiction, withContext } from './command-support.js';

/** sos directory import|export|validate: the resource directory as an HSDS 3.0 tabular package. */
export const directoryCommand: CliCommand = {
  usage: [
    'sos directory import DIR [--jurisdiction J]   import an HSDS 3.0 tabular package (bad rows quarantined, listed)',
    'sos directory export DIR [--jurisdiction J]   write the directory as an HSDS 3.0 tabular package',
    'sos directory validate DIR                    list each problem of a package (exit 1 if any row is refused)',
  ].join('\n'),
  run: runDirectory,
};

/** One problem as a line: file, row, field, what. */
function problemLine(p: PackageProblem): string {
  const where = [p.file, p.row === null ? null : `row ${p.row}`, p.field].filter(Boolean).join(', ');
  return `${p.severity === 'reject' ? 'refused' : 'note'}: ${where}: ${p.message}`;
}

async function runDirectory(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { jurisdiction: { type: 'string' } },
  });
  const [dir] = positionals;
  if (!dir || positionals.length > 1) throw usageError('Name one package folder');
  if (subcommand === 'validate') {
    const checked = await readHsdsPackage(dir);
    for (const p of checked.problems) console.log(problemLine(p));
    const refused = checked.problems.filter((p) => p.severity === 'reject').length;
    const rows = checked.tables.reduce((sum, t) => sum + t.rows.length, 0);
    console.log(`${rows} row(s) valid in ${checked.tables.length} table(s), ${refused} refused`);
    return refused > 0 ? 1 : 0;
  }
  if (subcommand === 'import') {
    return withContext({ command: 'directory import' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const result = await importDirectory(context.db, cliActor, jurisdiction.id, dir, context.clock.now());
      for (const p of result.problems) console.log(problemLine(p));
      const tables = Object.entries(result.stored).map(([table, count]) => `${table} ${count}`);
      const refused = result.problems.filter((p) => p.severity === 'reject').length;
      console.log(
        `imported into ${jurisdiction.shortName}: ${tables.join(', ')}; service details ${result.details}; ${refused} row(s) quarantined`,
      );
      return 0;
    });
  }
  if (subcommand === 'export') {
    return withContext({ command: 'directory export' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const result = await exportDirectory(context.db, cliActor, jurisdiction.id, dir, context.clock.now());
      console.log(result.files.map((f) => `${f.file} ${f.rows}`).join('\n'));
      return 0;
    });
  }
  throw usageError('Name the subcommand: import, export or validate');
}
