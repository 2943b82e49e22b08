import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

async function check(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'suppression', 'check', ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('sos suppression check reads figure sums of a JSON publication', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-figure-sums-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const tables = [
    { name: 'by area', rows: ['North', 'South'], columns: ['count'], cells: [[12], [null]] },
    { name: 'headline', rows: ['all'], columns: ['count'], cells: [[15]] },
  ];
  const cell = (table: string, row: string) => ({ table, row, column: 'count' });

  it('finds a hidden figure that a figure sum gives away (the headline is the sum of the areas)', async () => {
    const file = path.join(folder, 'tied.json');
    writeFileSync(
      file,
      JSON.stringify({
        tables,
        relations: [],
        figureSums: [
          { figure: cell('headline', 'all'), sumOf: [cell('by area', 'North'), cell('by area', 'South')] },
        ],
      }),
    );
    const { stdout, code } = await check([file]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /\[South, count\] = 3/);
  });

  it('names the figure sum that points at a table the file does not hold', async () => {
    const file = path.join(folder, 'dangling.json');
    writeFileSync(
      file,
      JSON.stringify({
        tables,
        figureSums: [{ figure: cell('headline', 'all'), sumOf: [cell('elsewhere', 'North')] }],
      }),
    );
    const { stdout, stderr, code } = await check([file]);
    assert.equal(code, 1, stdout);
    assert.match(stderr, /figureSums\[0\]: no table named "elsewhere"/);
  });
});
