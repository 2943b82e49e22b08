import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { protectPublication } from '../src/disclosure/suppression-engine.js';
import { weeklySeries } from '../src/disclosure/weekly-series.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

/** Runs `sos suppression`; resolves with stdout, stderr and the exit code. */
async function suppression(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'suppression', ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('sos suppression check', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-suppression-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const at = path.join(folder, name);
    writeFileSync(at, text);
    return at;
  };

  it('fails a CSV table whose total gives a hidden cell away, naming the cell and its value', async () => {
    const naive = file(
      'naive.csv',
      'area,18-34,35-54,Total\nNorth,<10,25,28\nSouth,12,30,42\nTotal,15,55,70\n',
    );
    const { stdout, code } = await suppression(['check', naive]);
    assert.equal(code, 1);
    assert.match(stdout, /naive: 1 hidden, FAILS/);
    assert.match(stdout, /\[North, 18-34\] = 3, not the whole 1\.\.9/);
  });

  it('passes a CSV table whose hidden pairs cannot be narrowed, and says so in JSON', async () => {
    const safe = file('safe.csv', 'area,18-34,35-54,55+,Total\nNorth,*,*,40,73\nSouth,,30,<10,60\n');
    const text = await suppression(['check', safe]);
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /passed: no hidden figure narrowed \(k = 10\)/);
    const json = await suppression(['check', safe, '--json']);
    assert.equal(json.code, 0);
    const report = JSON.parse(json.stdout) as { passed: boolean; tables: { hidden: unknown[] }[] };
    assert.equal(report.passed, true);
    assert.equal(report.tables[0]?.hidden.length, 4);
  });

  it('recovers a week from cumulative figures in another file through a relation', async () => {
    const weeks = file(
      'weeks.json',
      JSON.stringify({
        tables: [
          { name: 'week 1', rows: ['county'], columns: ['overdoses'], cells: [[15]] },
          { name: 'week 2', rows: ['county'], columns: ['overdoses'], cells: [['<10']] },
        ],
      }),
    );
    const cumulative = file(
      'cumulative.json',
      JSON.stringify({
        tables: [
          { name: 'to week 1', rows: ['county'], columns: ['overdoses'], cells: [[15]] },
          { name: 'to week 2', rows: ['county'], columns: ['overdoses'], cells: [[19]] },
        ],
        relations: [
          { table: 'to week 1', sumOf: ['week 1'] },
          { table: 'to week 2', sumOf: ['to week 1', 'week 2'] },
        ],
      }),
    );
    const { stdout, code } = await suppression(['check', weeks, cumulative]);
    assert.equal(code, 1);
    assert.match(stdout, /week 2: 1 hidden, FAILS/);
    assert.match(stdout, /\[county, overdoses\] = 4/);
    const alone = await suppression(['check', weeks]);
    assert.equal(alone.code, 0, 'without the cumulative figures nothing is recovered');
  });

  it("passes the engine's own weekly series with cumulative figures, written as JSON", async () => {
    const counts = [
      [
        [3, 25, 0],
        [12, 18, 7],
      ],
      [
        [14, 2, 30],
        [9, 21, 16],
      ],
      [
        [22, 11, 5],
        [0, 40, 13],
      ],
    ];
    const weeks = counts.map((week, t) => ({
      name: `2024-W0${t + 1}`,
      rows: ['North', 'South'],
      columns: ['fatal', 'nonfatal', 'unknown'],
      counts: week,
      totals: { rows: true, columns: true, grand: true },
    }));
    const { publication } = protectPublication(weeklySeries(weeks, { cumulative: true }), 10);
    const published = file('published.json', JSON.stringify(publication));
    const { stdout, stderr, code } = await suppression(['check', published, '--k', '10']);
    assert.equal(code, 0, stdout + stderr);
  });

  it('proves more than propagation by default (linear programming over every equation at once)', async () => {
    const rows = [
      'area,c1,c2,c3,c4,c5,Total',
      'r1,42,*,*,34,*,111',
      'r2,0,*,0,*,0,41',
      'r3,*,32,*,*,0,71',
      'r4,*,*,*,*,0,48',
      'Total,67,92,*,79,*,271',
    ];
    const table = file('rectangles.csv', `${rows.join('\n')}\n`);
    const intervals = await suppression(['check', table, '--fast']);
    assert.equal(intervals.code, 0, intervals.stdout);
    for (const args of [[table], [table, '--exact']]) {
      const exact = await suppression(['check', ...args]);
      assert.equal(exact.code, 1);
      assert.match(exact.stdout, /\[r1, c2\] in \[4, 33\], not the whole 1\.\.9/);
    }
  });

  it('does not flag a figure that propagation bounds weakly but every equation together shows is large', async () => {
    // An engine output. Row r1 gives c1 + c2 + c3 = 33; the hidden column totals c2 + c3 = 142 − 36 − 84
    // = 22 and hold r2c2, r2c3, r3c3 (at least 1 each), so r1c2 + r1c3 ≤ 19 and r1c1 ≥ 14: no small
    // count. Propagation, one equation at a time, proves only r1c1 ≥ 4.
    const rows = [
      'area,c1,c2,c3,c4,Total',
      'r1,*,*,*,49,82',
      'r2,*,*,*,*,*',
      'r3,*,0,hidden,*,46',
      'Total,36,*,*,84,142',
    ];
    const table = file('engine-output.csv', `${rows.join('\n')}\n`);
    const checked = await suppression(['check', table, '--json']);
    assert.equal(checked.code, 0, checked.stdout);
    const r1c1 = JSON.parse(checked.stdout).tables[0].hidden.find(
      (f: { row: string; column: string }) => f.row === 'r1' && f.column === 'c1',
    );
    assert.deepEqual([r1c1.lo, r1c1.hi, r1c1.exposed], [14, 31, false]);
    const fast = await suppression(['check', table, '--fast']);
    assert.equal(fast.code, 1);
    assert.match(fast.stdout, /\[r1, c1\] in \[4, 31\], not the whole 1\.\.9/);
  });

  it('names the file, line and column of a figure that is not a count', async () => {
    const bad = file('bad.csv', 'area,a,b\nNorth,3,x\n');
    const { stderr, code } = await suppression(['check', bad]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /SUPPRESSION_TABLE_INVALID: .*bad\.csv: line 2, column "b": "x" is neither a whole number/,
    );
  });

  it('names the field of a JSON table of the wrong shape and a relation to an unknown table', async () => {
    const shape = file(
      'shape.json',
      JSON.stringify({ tables: [{ name: 't', rows: ['a', 'b'], columns: ['x'], cells: [[1]] }] }),
    );
    const wrong = await suppression(['check', shape]);
    assert.match(
      wrong.stderr,
      /SUPPRESSION_TABLE_INVALID: .*shape\.json: tables\[0\]\.cells: has 1 values for 2 rows/,
    );
    const orphan = file(
      'orphan.json',
      JSON.stringify({ tables: [], relations: [{ table: 'to week 9', sumOf: ['week 9'] }] }),
    );
    const missing = await suppression(['check', orphan]);
    assert.match(missing.stderr, /orphan\.json: relations\[0\]: no table named "to week 9"/);
  });

  it('reads a long CSV of several tables (table,row,column,value,unit), leaving statistics that are not counts out', async () => {
    const lines = [
      'table,row,column,value,unit',
      'by_sex,female,cases,<10,count',
      'by_sex,male,cases,25,count',
      'by_sex,Total,cases,28,count',
      'funnel,all,cases,28,count',
      'hours,first_attempt,median,4.5,hours',
    ];
    const naive = file('long-naive.csv', `${lines.join('\n')}\n`);
    const failed = await suppression(['check', naive]);
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stdout, /by_sex: 1 hidden, FAILS/);
    assert.match(failed.stdout, /\[female, cases\] = 3/);
    assert.match(failed.stdout, /funnel: 0 hidden, passes/);
    const safe = file(
      'long-safe.csv',
      `${lines.join('\n').replace(',25,', ',<10,').replace(',28,count\nfunnel', ',<10,count\nfunnel').replace('funnel,all,cases,28', 'funnel,all,cases,<10')}\n`,
    );
    const passed = await suppression(['check', safe]);
    assert.equal(passed.code, 0, passed.stdout);
  });

  it('fails a small count shown outright, whatever the relations', async () => {
    const shown = file('shown-small.csv', 'area,18-34,35-54\nNorth,4,25\nSouth,12,30\n');
    const { stdout, code } = await suppression(['check', shown]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /shown-small: 0 hidden, FAILS: 1 small count\(s\) shown/);
    assert.match(stdout, /\[North, 18-34\] shows 4, a count of 1\.\.9/);
  });

  it('refuses figures that contradict each other', async () => {
    const wrong = file('wrong.csv', 'area,a,b,Total\nNorth,12,13,20\n');
    const { stderr, code } = await suppression(['check', wrong]);
    assert.equal(code, 1);
    assert.match(stderr, /SUPPRESSION_FIGURES_INCONSISTENT: .*row 'North' of wrong/);
  });
});
