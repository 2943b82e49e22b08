/**
 * The generated import file of a benchmark, made once per size and seed and then reused, because
 * writing a million rows takes longer than some of the imports measured with it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runGenerateCommand, truthFilePath } from '../../src/demo/generator/command.js';

/** What the generator is asked for; a fixed end date makes the same settings give the same file. */
export interface GeneratedCsvSettings {
  rows: number;
  days: number;
  seed: number;
  end: string;
}

/** A generated CSV on disk. */
export interface GeneratedCsv {
  path: string;
  bytes: number;
  /** Seconds spent generating it now; 0 when an earlier run's file was reused. */
  generatedSeconds: number;
}

/** The generators' fixed end date, which keeps a file the same from day to day so that it can be reused. */
export const GENERATOR_END = '2025-01-01';

/** The folder the generated files are kept in between runs. */
export const generatedCsvDir = path.join(tmpdir(), 'sos-bench-csv');

/** A short fingerprint of the generator's code: a changed generator must not reuse an older file. */
function generatorVersion(): string {
  const dir = fileURLToPath(new URL('../../src/demo/generator/', import.meta.url));
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.js') && !n.endsWith('.test.js'))
    .sort()) {
    hash.update(name).update(readFileSync(path.join(dir, name)));
  }
  return hash.digest('hex').slice(0, 8);
}

/** Returns the file for these settings, generating it unless a complete earlier one is there. */
export async function ensureGeneratedCsv(settings: GeneratedCsvSettings): Promise<GeneratedCsv> {
  const { rows, days, seed, end } = settings;
  const name = `generic-${rows}-rows-${days}-days-seed-${seed}-end-${end}-gen-${generatorVersion()}.csv`;
  const file = path.join(generatedCsvDir, name);
  // The generator writes the ground truth after the last row, so its presence marks a complete file.
  if (existsSync(file) && existsSync(truthFilePath(file))) {
    return { path: file, bytes: statSync(file).size, generatedSeconds: 0 };
  }
  await rm(truthFilePath(file), { force: true });
  const started = performance.now();
  const result = await runGenerateCommand({ events: rows, days, seed, end, out: file });
  if (result.rows !== rows) throw new Error(`the generator wrote ${result.rows} rows, not ${rows}`);
  return { path: file, bytes: statSync(file).size, generatedSeconds: (performance.now() - started) / 1000 };
}
