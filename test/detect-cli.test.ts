import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { assertMatchesReference, referenceSeries } from './support/detection-fixtures.js';
import { parseCsvRecords } from './support/reference-csv.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

/** Runs `sos detect`; resolves with stdout, stderr and the exit code. */
async function detect(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'detect', ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Weekly period starts from a Monday, as many as there are counts. */
function weeklyCsv(counts: number[]): string {
  const start = Date.UTC(1990, 0, 1);
  const rows = counts.map(
    (count, i) => `${new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10)},${count}`,
  );
  return `period_start,count\n${rows.join('\n')}\n`;
}

/** Our method names and parameters for a reference case (R's control, less what is only a label). */
function invocation(method: string, control: Record<string, unknown>): [string, Record<string, unknown>] {
  const { variant: _variant, m: _m, ...parameters } = control;
  return [method === 'farringtonFlexible' ? 'farrington' : method, parameters];
}

describe('sos detect', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-detect-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const series of referenceSeries()) {
    const file = path.join(folder, `${series.dataset}.csv`);
    writeFileSync(file, weeklyCsv(series.observed));
    for (const reference of series.cases) {
      const [method, parameters] = invocation(reference.method, reference.control);
      it(`prints R's result for ${series.dataset} ${method} ${JSON.stringify(parameters)}`, async () => {
        const { stdout, stderr, code } = await detect([
          '--method',
          method,
          '--input',
          file,
          '--params',
          JSON.stringify(parameters),
          '--json',
        ]);
        assert.equal(code, 0, stderr);
        assertMatchesReference(JSON.parse(stdout), reference);
      });
    }
  }

  for (const name of ['ct-deaths-daily', 'synthetic-ed-daily']) {
    it(`raises R's ESSENCE alarms on ${name} (ewma, regression, switch)`, async () => {
      const file = path.resolve('test', 'fixtures', 'detection-essence', `${name}.csv`);
      const rows = parseCsvRecords(readFileSync(file, 'utf8'));
      for (const method of ['ewma', 'regression', 'switch']) {
        const { stdout, stderr, code } = await detect(['--method', method, '--input', file, '--json']);
        assert.equal(code, 0, stderr);
        const printed = JSON.parse(stdout) as { alarm: (boolean | null)[] };
        const column = (row: Record<string, string>) =>
          method === 'switch'
            ? row.switch_detector === 'regression'
              ? 'regression_p'
              : 'ewma_p'
            : `${method}_p`;
        const expected = rows.map((row) => row[column(row)]).map((p) => (p ? Number(p) < 0.01 : null));
        const first = expected.findIndex((alarm) => alarm !== null);
        assert.deepEqual(printed.alarm, expected.slice(first), method);
      }
    });
  }

  it('names the file, line and column of a bad count', async () => {
    const file = path.join(folder, 'bad.csv');
    writeFileSync(file, 'period_start,count\n2024-01-01,3\n2024-01-08,three\n');
    const { stderr, code } = await detect(['--method', 'earsC', '--input', file]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /CSV_INVALID_VALUE: .*bad\.csv: line 3, column "count": "three" is not a whole number/,
    );
  });

  it('names a missing week', async () => {
    const file = path.join(folder, 'gap.csv');
    writeFileSync(file, 'period_start,count\n2024-01-01,3\n2024-01-08,4\n2024-01-22,5\n');
    const { stderr, code } = await detect(['--method', 'earsC', '--input', file]);
    assert.equal(code, 1);
    assert.match(stderr, /line 4, column "period_start": 2024-01-22 is not one week after 2024-01-08/);
  });

  it('names an unknown or out-of-range parameter', async () => {
    const file = path.join(folder, 'short.csv');
    writeFileSync(file, weeklyCsv([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const unknown = await detect([
      '--method',
      'earsC',
      '--input',
      file,
      '--params',
      '{"baseline":7,"lag":2}',
    ]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /DETECTION_PARAMETER_INVALID: .*lag/);
    const early = await detect([
      '--method',
      'earsC',
      '--input',
      file,
      '--params',
      '{"method":"C3","range":[5,10]}',
    ]);
    assert.match(
      early.stderr,
      /DETECTION_PARAMETER_INVALID: range: range starts at period 5.*start at 12 or later/,
    );
    const history = await detect(['--method', 'farrington', '--input', file]);
    assert.match(history.stderr, /DETECTION_PARAMETER_INVALID/);
    const weekly = await detect(['--method', 'ewma', '--input', file]);
    assert.match(weekly.stderr, /DETECTION_PARAMETER_INVALID: method: ewma runs on daily counts/);
    const json = await detect(['--method', 'cusum', '--input', file, '--params', '{range:[2,3]}']);
    assert.match(json.stderr, /DETECTION_PARAMETER_INVALID: --params is not valid JSON/);
  });
});
