import { randomInt } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SosError } from '../../platform/errors.js';
import { csvHeader, formatCsvRow } from './csv-row.js';
import { type DatasetSettings, generateRecords, planDataset } from './dataset.js';
import { groundTruth } from './ground-truth.js';
import { dateDaysBefore, localDate } from './timeline.js';

/** Options of `sos demo generate`. */
export interface GenerateCommandOptions {
  events: number;
  days: number;
  /** Unsigned 32-bit integer; drawn at random when absent (and written to the ground-truth file). */
  seed?: number;
  /** Path of the CSV to write; the ground truth goes beside it as `<out without .csv>.truth.json`. */
  out: string;
  /** The day after the last generated day, YYYY-MM-DD; by default today in Connecticut, so no event lies in the future. */
  end?: string;
  onProgress?: (written: number, total: number) => void;
}

/** What `sos demo generate` wrote. */
export interface GenerateCommandResult {
  rows: number;
  truthFile: string;
  spikes: number;
  seed: number;
}

const maxEvents = 100_000_000;
const maxDays = 36_500;
const earliestStart = '1990-01-01'; // intake flags dates before 1990 as too old
const chunkChars = 1 << 16;
// Room for several chunks in the file stream, so the next chunk is built while the disk writes the last.
const writeBufferBytes = 1 << 20;

/** Where the ground truth of a generated CSV is written. */
export function truthFilePath(out: string): string {
  return `${out.replace(/\.csv$/i, '')}.truth.json`;
}

function invalid(field: string, message: string): SosError {
  return new SosError('VALIDATION_FAILED', message, { field });
}

/** Checks the options and fills in the defaults; throws VALIDATION_FAILED naming the bad option. */
export function resolveSettings(options: GenerateCommandOptions, now = Date.now()): DatasetSettings {
  const { events, days } = options;
  if (!Number.isInteger(events) || events < 1 || events > maxEvents) {
    throw invalid('events', `events must be a whole number from 1 to ${maxEvents}`);
  }
  if (!Number.isInteger(days) || days < 1 || days > maxDays) {
    throw invalid('days', `days must be a whole number from 1 to ${maxDays}`);
  }
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw invalid('seed', 'seed must be a whole number from 0 to 4294967295');
  }
  if (options.out.trim() === '') throw invalid('out', 'out must name the CSV file to write');
  const today = localDate(now);
  const end = options.end ?? today;
  const parsed = Date.parse(`${end}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(end) ||
    Number.isNaN(parsed) ||
    new Date(parsed).toISOString().slice(0, 10) !== end
  ) {
    throw invalid('end', `end must be a calendar date as YYYY-MM-DD, not "${end}"`);
  }
  if (end > today)
    throw invalid('end', `end must not be after today (${today}): intake rejects future dates`);
  if (dateDaysBefore(end, days) < earliestStart) {
    throw invalid('days', `the range would start before ${earliestStart}; use fewer days or a later end`);
  }
  return { events, days, seed, end };
}

/**
 * Writes a synthetic overdose CSV in the generic import format and its ground-truth file. Rows are
 * produced in time order and streamed in 64 KB chunks that the file stream pulls when it is ready, so
 * memory stays flat and a slow disk slows the generator instead of filling memory.
 */
export async function runGenerateCommand(options: GenerateCommandOptions): Promise<GenerateCommandResult> {
  const settings = resolveSettings(options);
  const plan = planDataset(settings);
  const onProgress = options.onProgress;
  let rows = 0;
  function* chunks(): Generator<string> {
    let chunk = `${csvHeader}\n`;
    for (const record of generateRecords(plan)) {
      chunk += `${formatCsvRow(record)}\n`;
      rows++;
      if (chunk.length >= chunkChars) {
        yield chunk;
        chunk = '';
        onProgress?.(rows, settings.events);
      }
    }
    yield chunk;
    onProgress?.(rows, settings.events);
  }
  await mkdir(dirname(options.out), { recursive: true });
  await pipeline(
    Readable.from(chunks()),
    createWriteStream(options.out, { highWaterMark: writeBufferBytes }),
  );
  const truthFile = truthFilePath(options.out);
  await writeFile(truthFile, `${JSON.stringify(groundTruth(plan), null, 2)}\n`);
  return { rows, truthFile, spikes: plan.spikes.length, seed: settings.seed };
}
