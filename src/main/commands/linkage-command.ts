import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { matchPersons } from '../../linkage/fellegi-sunter/match-persons.js';
import { pairwiseQuality } from '../../linkage/fellegi-sunter/pairwise-quality.js';
import type { PersonPreset, PersonRecord } from '../../linkage/fellegi-sunter/person-preset.js';
import { PERSON_PRESETS } from '../../linkage/fellegi-sunter/person-presets.js';
import { personRowReader } from '../../linkage/fellegi-sunter/person-row-reader.js';
import { csvLine } from '../../platform/csv/csv-escape.js';
import { readCsv } from '../../platform/csv/read-csv.js';
import { SosError } from '../../platform/errors.js';
import { type CliCommand, usageError } from './command-line.js';
import { linkageEstimateUsage, runLinkageEstimate } from './linkage-estimate-command.js';

const PRESET_NAMES = Object.keys(PERSON_PRESETS).join('|');

/**
 * sos linkage match: clusters the person records of a CSV file by Fellegi-Sunter (blocking, EM,
 * connected components) and writes record_id,cluster_id; with --truth, prints pairwise precision,
 * recall and F1 against the truth the file carries.
 */
export const linkageCommand: CliCommand = {
  usage: `sos linkage match FILE.csv --preset ${PRESET_NAMES} --out CLUSTERS.csv [--truth] [--threshold P]
${linkageEstimateUsage}`,
  run: runLinkage,
};

async function runLinkage(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'estimate') return runLinkageEstimate(rest);
  if (subcommand !== 'match')
    throw usageError('The linkage commands are: sos linkage match, sos linkage estimate');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      out: { type: 'string' },
      truth: { type: 'boolean', default: false },
      threshold: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw usageError('Name one CSV file of person records');
  if (!values.out) throw usageError('--out CLUSTERS.csv is required');
  const preset = values.preset ? PERSON_PRESETS[values.preset] : undefined;
  if (!preset) {
    throw new SosError(
      'UNKNOWN_PRESET',
      `No person preset "${values.preset ?? ''}": use one of ${PRESET_NAMES}`,
    );
  }
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold > 0 && threshold < 1)) {
    throw usageError('--threshold is a probability between 0 and 1');
  }
  const started = performance.now();
  const { records, hasTruth, skipped } = await readPersons(file, preset);
  if (values.truth && !hasTruth) {
    throw new SosError(
      'CSV_MISSING_COLUMNS',
      `${file} carries no truth for preset ${preset.name} (${'columns' in preset.truth ? `a ${preset.truth.columns.join(' or ')} column` : 'record ids of its own form'})`,
      { file },
    );
  }
  const read = performance.now();
  const match = matchPersons(records, preset, threshold === undefined ? {} : { threshold });
  const matched = performance.now();
  await writeClusters(values.out, records, match.clusters);
  const seconds = (performance.now() - started) / 1000;
  const phases = `read ${((read - started) / 1000).toFixed(1)} s, matched ${((matched - read) / 1000).toFixed(1)} s`;
  const clusterCount = new Set(match.clusters).size;
  console.log(
    `${records.length.toLocaleString('en-US')} records (${skipped} skipped), ${match.candidatePairs.toLocaleString('en-US')} candidate pairs, ${match.linkedPairs.toLocaleString('en-US')} linked, ${clusterCount.toLocaleString('en-US')} clusters in ${seconds.toFixed(1)} s (${phases}); EM ${match.model.converged ? 'converged' : 'stopped'} after ${match.model.iterations} iterations, match share ${match.model.matchShare.toFixed(4)}`,
  );
  console.log(`clusters written to ${values.out}`);
  if (values.truth) {
    const quality = pairwiseQuality(
      match.clusters,
      records.map((record) => record.truth),
    );
    console.log(
      `pairwise precision ${quality.precision.toFixed(4)} recall ${quality.recall.toFixed(4)} F1 ${quality.f1.toFixed(4)} (${quality.truePositives} of ${quality.predictedPairs} linked pairs true, ${quality.truePairs} true pairs)`,
    );
  }
  return 0;
}

/**
 * The records of a file; a row that cannot be read or repeats an id is skipped with a line on stderr
 * naming the file, row, line and column.
 */
async function readPersons(
  file: string,
  preset: PersonPreset,
): Promise<{ records: PersonRecord[]; hasTruth: boolean; skipped: number }> {
  if (!existsSync(file)) throw new SosError('FILE_NOT_FOUND', `${file} does not exist`, { file });
  const records: PersonRecord[] = [];
  const seen = new Set<string>();
  let reader: ReturnType<typeof personRowReader> | undefined;
  let skipped = 0;
  const skip = (row: number, line: number, field: string, message: string) => {
    skipped++;
    console.error(`skipped ${file} row ${row} (line ${line}), ${field}: ${message}`);
  };
  for await (const item of readCsv(createReadStream(file), { fileName: file })) {
    if (item.kind === 'header') {
      try {
        reader = personRowReader(preset, item.header);
      } catch (error) {
        throw new SosError('CSV_MISSING_COLUMNS', `${file} lacks ${(error as Error).message}`, { file });
      }
      continue;
    }
    if (item.kind === 'bad') {
      for (const problem of item.problems) skip(item.rowNumber, item.line, problem.field, problem.message);
      continue;
    }
    const row = (reader as NonNullable<typeof reader>).read(item.fields);
    if ('problem' in row) skip(item.rowNumber, item.line, row.problem.field, row.problem.message);
    else if (seen.has(row.record.id))
      skip(item.rowNumber, item.line, 'id', `record id ${row.record.id} repeats an earlier row`);
    else {
      seen.add(row.record.id);
      records.push(row.record);
    }
  }
  return { records, hasTruth: reader?.hasTruth ?? false, skipped };
}

/** Writes record_id,cluster_id, one line a record in the file's order. */
async function writeClusters(
  path: string,
  records: readonly PersonRecord[],
  clusters: Int32Array,
): Promise<void> {
  const out = createWriteStream(path);
  let chunk = csvLine(['record_id', 'cluster_id']);
  for (const [index, record] of records.entries()) {
    chunk += csvLine([record.id, clusters[index]]);
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
