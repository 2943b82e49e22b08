import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import fc from 'fast-check';
import type { Database } from '../../src/platform/database.js';
import { errorCatalog, SosError } from '../../src/platform/errors.js';

/**
 * Seconds of fuzzing the whole suite shares (SOS_FUZZ_SECONDS), split among the fuzzers by their
 * weight below. 36 s of fuzzing keep `node dist/test/support/run-tests.js dist/test/fuzz` (setup of
 * both engines included, two files at a time) under 90 s on the project's 2-core machine.
 */
export const fuzzSeconds = readSeconds(process.env.SOS_FUZZ_SECONDS);

/** The seed of this run: SOS_FUZZ_SEED to replay one, else a new one (printed by every fuzzer). */
export const fuzzSeed = readSeed(process.env.SOS_FUZZ_SEED);

/**
 * Each fuzzer's share of the budget, once per engine it runs on: importers that write run on both
 * engines, the read-only query fuzzer on PGlite alone (it writes nothing an engine could differ on).
 */
const weights = {
  'csv-generic': 2,
  'csv-tempe-ems': 2,
  'csv-ct-ocme': 2,
  'csv-ed-syndromic': 2,
  'csv-medical-examiner': 2,
  nemsis: 3,
  hsds: 3,
  'json-api': 3,
  'query-parameters': 6,
} as const;

/** The name of one fuzzer of the suite. */
export type FuzzerName = keyof typeof weights;

const engineRuns: Record<FuzzerName, number> = {
  'csv-generic': 2,
  'csv-tempe-ems': 2,
  'csv-ct-ocme': 2,
  'csv-ed-syndromic': 2,
  'csv-medical-examiner': 2,
  nemsis: 2,
  hsds: 2,
  'json-api': 2,
  'query-parameters': 1,
};

function readSeconds(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 36;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`SOS_FUZZ_SECONDS must be a positive number, not "${text}"`);
  return seconds;
}

function readSeed(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`SOS_FUZZ_SEED must be an integer, not "${text}"`);
  return seed | 0;
}

/** Milliseconds one run of a fuzzer (on one engine) may generate inputs for. */
export function fuzzerBudgetMs(name: FuzzerName): number {
  const total = Object.entries(weights).reduce(
    (sum, [fuzzer, weight]) => sum + weight * engineRuns[fuzzer as FuzzerName],
    0,
  );
  return Math.max(250, Math.round((fuzzSeconds * 1000 * weights[name]) / total));
}

/**
 * Runs a property over generated inputs for the fuzzer's share of the budget with the run's seed.
 * A failure names the seed and the (shrunk) counterexample as JSON, ready to be kept in
 * test/fuzz/regressions/<fuzzer>/ where `regressionCases` replays it.
 */
export async function fuzz<T>(
  t: TestContext,
  name: FuzzerName,
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => Promise<void>,
): Promise<void> {
  const budget = fuzzerBudgetMs(name);
  const line = `fuzz ${name}: seed ${fuzzSeed} (replay with SOS_FUZZ_SEED=${fuzzSeed}), ${budget} ms`;
  t.diagnostic(line);
  // A promise nobody awaited that failed is a crash waiting for production: the fuzzer fails on one.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const property = fc.asyncProperty(arbitrary, async (input: T) => {
    await check(input);
    if (unhandled.length > 0) throw new Error(`unhandled rejection: ${String(unhandled[0])}`);
  });
  let details: fc.RunDetails<unknown> = await fc.check(property, {
    seed: fuzzSeed,
    numRuns: 1_000_000,
    plugins: [fc.interruptAfterTimeLimit(budget)],
  });
  // A first input slower than the whole share (a cold engine) still gets judged, not called a failure.
  if (details.interrupted && details.numRuns === 0)
    details = (await fc.check(property, { seed: fuzzSeed, numRuns: 1 })) as fc.RunDetails<unknown>;
  process.off('unhandledRejection', onUnhandled);
  t.diagnostic(`fuzz ${name}: ${details.numRuns} inputs`);
  if (details.failed && details.counterexample) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const found = cause.split('\n')[0];
    throw new Error(
      `fuzz ${name} failed with SOS_FUZZ_SEED=${fuzzSeed} (path ${details.counterexamplePath}): ${cause}\n` +
        `counterexample, to keep in test/fuzz/regressions/${name}/:\n${JSON.stringify({ found, input: (details.counterexample as unknown[])[0] })}`,
    );
  }
  if (details.failed)
    throw new Error(
      `fuzz ${name} failed with SOS_FUZZ_SEED=${fuzzSeed}: ${fc.defaultReportMessage(details)}`,
    );
}

/** One kept counterexample: what the fuzzer found and the input that showed it. */
export interface RegressionCase<T> {
  file: string;
  found: string;
  input: T;
}

/** The counterexamples kept for a fuzzer (test/fuzz/regressions/<fuzzer>/*.json), replayed before it fuzzes. */
export function regressionCases<T>(name: FuzzerName): RegressionCase<T>[] {
  const dir = path.resolve('test', 'fuzz', 'regressions', name);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.sort().map((file) => {
    const parsed = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { found: string; input: T };
    return { file, found: parsed.found, input: parsed.input };
  });
}

/**
 * Row counts of a jurisdiction's rows in tables, for the no-partial-write property (of one
 * jurisdiction, so that what jobs write for earlier inputs in the background does not count).
 */
export async function rowCounts(
  db: Database,
  tables: readonly string[],
  jurisdictionId: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from ${table} where jurisdiction_id = $1`,
      [jurisdictionId],
    );
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

/** The tables an intake batch writes to. */
export const intakeTables = [
  'reports',
  'overdoses',
  'overdose_areas',
  'persons',
  'daily_area_counts',
  'daily_dimension_counts',
  'audit_entries',
] as const;

/**
 * Text a hostile source might send in one value: any code points (NUL, lone surrogates, BOM, line
 * breaks included), numbers past every range, and the values parsers trip on.
 */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      'NULL',
      'null',
      'undefined',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e308',
      '-1e309',
      '1e-400',
      '99999999999999999999999999999',
      '-0',
      '0x1F',
      '\uFEFF',
      '\ud800',
      '"',
      '""',
      ',',
      '\r\n',
      '\n',
      '\t',
      '💥',
      'é',
      '%00',
      '../../etc/passwd',
      "'; drop table reports; --",
      '<![CDATA[x]]>',
      '&amp;',
      '0000-00-00',
      '2024-02-30',
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00.000Z',
      '1970-01-01T00:00:00Z',
      'x'.repeat(5000),
    ),
  },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Asserts a refusal is a catalog error with a stable code (never INTERNAL nor a bare exception). */
export function assertCatalogError(error: unknown, what: string): asserts error is SosError {
  if (!(error instanceof SosError))
    throw new Error(`${what}: not a catalog error: ${error instanceof Error ? error.stack : String(error)}`);
  if (!(error.code in errorCatalog) || error.code === 'INTERNAL')
    throw new Error(`${what}: ${error.code}: ${error.message}`);
}

/** An HTTP answer's JSON body as a test reads it. */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field by the fuzzers.
export type AnswerBody = Record<string, any>;

/**
 * Asserts an answer is no 500 and, when it is an error of the API (`what` is "METHOD URL ..."), a
 * catalog error with its code (INTERNAL never); returns its JSON body (an empty object for a body that is not JSON, such as a page).
 */
export function assertAnswer(
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
  what: string,
): AnswerBody {
  assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body.slice(0, 500)}`);
  const json = String(response.headers['content-type'] ?? '').includes('json');
  const body = json ? (JSON.parse(response.body) as AnswerBody) : {};
  // Pages for people (public figures, one-time links) answer their errors as pages; the API as JSON.
  if (response.statusCode >= 400 && (json || / \/api\//.test(` ${what.split(' ')[1] ?? ''}`))) {
    assert.ok(
      json,
      `${what}: an error answer is JSON: ${response.statusCode} ${response.body.slice(0, 200)}`,
    );
    if ('error' in body) {
      const code = body.error?.code;
      assert.ok(
        code in errorCatalog && code !== 'INTERNAL',
        `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`,
      );
    } else
      assert.ok(
        Array.isArray(body.problems),
        `${what}: ${response.statusCode} is an error or a rejected report`,
      );
  }
  return body;
}
