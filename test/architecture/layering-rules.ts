import { moduleOf, type SourceImport } from './import-graph.js';
import type { TableMention } from './sql-tables.js';

/** The modules that assemble the others (DESIGN's `src/main/`): they may import anything. */
const COMPOSITION_ROOT = new Set(['main', 'commands']);

/** A module's private files: its SQL and its tables, reached by other modules only through its services. */
const PRIVATE_FILE = /(?:^|[/-])(?:repository|store|schema)\.ts$/;

/**
 * The rules of docs/ARCHITECTURE.md, as one line per broken rule naming the import:
 * `rule: from -> to`. Pure: the caller reads the imports.
 */
export function layeringViolations(imports: readonly SourceImport[]): string[] {
  const found: string[] = [];
  for (const { from, to } of imports) {
    const source = moduleOf(from);
    const target = moduleOf(to);
    const say = (rule: string) => found.push(`${rule}: ${from} -> ${to}`);
    if (source === 'web' && to.startsWith('src/')) say('web imports nothing from src');
    if (!from.startsWith('src/') || source === target) continue;
    if (source === 'platform' && target !== 'common') say('platform imports no feature');
    if (source === 'detection') say('detection imports only itself');
    if (source === 'outreach' && target === 'coercive-acts')
      say('outreach never imports the coercive-acts register');
    if (!COMPOSITION_ROOT.has(source) && target !== 'platform' && PRIVATE_FILE.test(to)) {
      say("no module imports another module's repository or schema");
    }
  }
  return [...new Set(found)].sort();
}

/**
 * The only reads of another module's tables the rules allow, by reading module: linkage decides which
 * overdose a report belongs to across every source, so it reads intake's reports and surveillance's
 * overdoses where they lie (a service call per candidate would cost the intake transaction a round
 * trip each); it changes them only through their owners' services. Surveillance counts each source's
 * unplaced overdoses for its freshness, and only a report ties an overdose to its organization.
 */
export const READ_GRANTS: Readonly<Record<string, readonly string[]>> = {
  linkage: ['reports', 'overdoses'],
  surveillance: ['reports'],
};

/** The rule a table named in SQL outside its module breaks. */
export const TABLE_RULE = "a module's tables are named in SQL only by its own files";

/**
 * The SQL that names another module's table (its owner from the `schema.ts` that declares it), as one
 * line per file and table: `rule: file -> table (owner)`. Pure: the caller reads the sources.
 */
export function tableViolations(
  owners: ReadonlyMap<string, string>,
  mentions: readonly TableMention[],
): string[] {
  const found: string[] = [];
  for (const { file, table, reads } of mentions) {
    const owner = owners.get(table);
    const reader = moduleOf(file);
    if (reads && READ_GRANTS[reader]?.includes(table)) continue;
    if (owner !== undefined && owner !== reader) found.push(`${TABLE_RULE}: ${file} -> ${table} (${owner})`);
  }
  return [...new Set(found)].sort();
}
