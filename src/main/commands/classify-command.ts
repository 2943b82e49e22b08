import { createReadStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { diagnosisCodes } from '../../intake/adapters/csv/presets/ed-syndromic-preset.js';
import { classifyVisit, type EdClassification } from '../../intake/standards/ed-syndromes/classify-visit.js';
import { edSyndromesVersion } from '../../intake/standards/ed-syndromes/ed-syndromes.v1.js';
import { readCsv } from '../../platform/csv/read-csv.js';
import { SosError } from '../../platform/errors.js';
import { type CliCommand, usageError } from './command-line.js';

/** The columns `sos classify ed` reads; the ed-syndromic preset's other columns may be there too. */
const COLUMNS = ['visit_id', 'chief_complaint', 'discharge_diagnosis'];

/**
 * sos classify ed FILE.csv: classifies each ED visit of a file by CDC's overdose syndromes, printing
 * one line per visit with its syndromes and the rule that fired (--json: one JSON object per line).
 * Reads no database: a check of a feed before it is imported.
 */
export const classifyCommand: CliCommand = {
  usage:
    'sos classify ed FILE.csv [--json]   ED overdose syndromes of each visit (columns visit_id, chief_complaint, discharge_diagnosis)',
  run: runClassify,
};

/** One visit as a line of text: its id, its syndromes (or "none") and why each holds. */
export function visitLine(visitId: string, result: EdClassification): string {
  if (result.definitions.length === 0) return `${visitId}\tnone`;
  const why = result.definitions.map((id) => `${id}: ${result.why[id]}`).join('; ');
  return `${visitId}\t${result.definitions.join(',')}\t${why}`;
}

/** One visit as the JSON line of --json. */
export function visitJson(visitId: string, result: EdClassification): string {
  return JSON.stringify({ visit_id: visitId, definitions: result.definitions, why: result.why });
}

async function runClassify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [standard, file, ...extra] = positionals;
  if (standard !== 'ed') throw usageError('Name what to classify: sos classify ed FILE.csv');
  if (!file || extra.length > 0) throw usageError('Name one CSV file of ED visits');
  if (!existsSync(file) || !statSync(file).isFile())
    throw new SosError('FILE_NOT_FOUND', `${file} does not exist or is not a file`);
  const format = values.json ? visitJson : visitLine;
  let out: string[] = [];
  const flush = async () => {
    const text = out.join('');
    out = [];
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  let visits = 0;
  let overdoses = 0;
  let unreadable = 0;
  for await (const item of readCsv(createReadStream(file), { fileName: file, requiredColumns: COLUMNS })) {
    if (item.kind === 'header') continue;
    if (item.kind === 'bad') {
      unreadable++;
      const reasons = item.problems.map((p) => `${p.field}: ${p.message}`).join(' | ');
      console.error(`${file} row ${item.rowNumber} (line ${item.line}): ${reasons}`);
      continue;
    }
    const complaint = item.fields.chief_complaint?.trim() ?? '';
    const { codes, invalid } = diagnosisCodes(item.fields.discharge_diagnosis ?? '');
    if (invalid.length > 0)
      console.error(
        `${file} row ${item.rowNumber} (line ${item.line}): discharge_diagnosis: not ICD-10-CM codes, ignored: ${invalid.join(', ')}`,
      );
    const result = classifyVisit({
      chiefComplaint: complaint === '' ? null : complaint,
      diagnosisCodes: codes,
    });
    visits++;
    if (result.definitions.length > 0) overdoses++;
    out.push(`${format(item.fields.visit_id ?? '', result)}\n`);
    if (out.length >= 1000) await flush();
  }
  await flush();
  console.error(
    `${file}: ${visits} visits, ${overdoses} meet an overdose syndrome (${edSyndromesVersion})${unreadable ? `, ${unreadable} rows unreadable` : ''}`,
  );
  return unreadable > 0 ? 1 : 0;
}
