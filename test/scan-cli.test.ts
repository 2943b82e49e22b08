import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');
const SAMPLE = path.resolve('..', 'shared', 'data', 'satscan');

async function sos(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('sos scan', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-scan-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the SaTScan NYC sample from its parameter file and prints SaTScan’s clusters as JSON', async () => {
    const { stdout, code } = await sos([
      'scan',
      '--prm',
      path.join(SAMPLE, 'NYCSpaceTimePermutation.prm'),
      '--json',
    ]);
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as {
      analysis: string;
      locations: number;
      cases: number;
      clusters: Array<{
        centerId: string;
        radius: number;
        locationIds: string[];
        startDate: string;
        endDate: string;
        observed: number;
        expected: number;
        llr: number;
        pValue: number;
        recurrenceIntervalDays: number;
      }>;
    };
    assert.equal(result.analysis, 'prospective');
    assert.equal(result.locations, 192);
    assert.equal(result.cases, 194);
    assert.deepEqual(
      result.clusters.map((c) => c.centerId),
      ['11418', '11372', '10472'],
    );
    const first = result.clusters[0];
    assert.ok(first);
    assert.equal(first.locationIds.length, 9);
    assert.equal(first.radius.toFixed(2), '2.90');
    assert.deepEqual([first.startDate, first.endDate, first.observed], ['2001-11-22', '2001-11-24', 4]);
    assert.equal(first.expected.toFixed(3), '0.670');
    assert.ok(Math.abs(first.llr - 3.8454) < 1e-4);
    assert.ok(result.clusters.every((c) => c.pValue >= 0.05 && c.recurrenceIntervalDays >= 1));
  });

  it('prints the clusters as text in SaTScan’s order', async () => {
    const { stdout, code } = await sos([
      'scan',
      '--prm',
      path.join(SAMPLE, 'NYCSpaceTimePermutation.prm'),
      '--threads',
      '1',
    ]);
    assert.equal(code, 0);
    assert.match(stdout, /Locations: 192 {3}Cases: 194/);
    assert.match(stdout, /1\.Location IDs included\.: 11418, /);
    assert.match(stdout, /Radius\.+: 2\.90 km/);
    assert.match(stdout, /Time frame\.+: 2001-11-22 to 2001-11-24/);
    assert.match(stdout, /Recurrence interval\.+: \d+ days?/);
  });

  it('names a parameter it does not support', async () => {
    for (const name of ['NYCfever.cas', 'NYCfever.geo'])
      copyFileSync(path.join(SAMPLE, name), path.join(folder, name));
    const prm = readFileSync(path.join(SAMPLE, 'NYCSpaceTimePermutation.prm'), 'utf8').replace(
      'ModelType=2',
      'ModelType=0',
    );
    writeFileSync(path.join(folder, 'poisson.prm'), prm);
    const { stderr, code } = await sos(['scan', '--prm', path.join(folder, 'poisson.prm')]);
    assert.equal(code, 1);
    assert.match(stderr, /error SCAN_PARAMETER_UNSUPPORTED: ModelType=0 is not supported/);
  });

  it('finds files a Windows path names beside the parameter file', async () => {
    for (const name of ['NYCfever.cas', 'NYCfever.geo'])
      copyFileSync(path.join(SAMPLE, name), path.join(folder, name));
    const prm = readFileSync(path.join(SAMPLE, 'NYCSpaceTimePermutation.prm'), 'utf8')
      .replace('CaseFile=NYCfever.cas', 'CaseFile=C:\\Users\\analyst\\SaTScan\\NYCfever.cas')
      .replace('MonteCarloReps=999', 'MonteCarloReps=99');
    writeFileSync(path.join(folder, 'windows.prm'), prm);
    const { stdout, code } = await sos(['scan', '--prm', path.join(folder, 'windows.prm'), '--json']);
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as { cases: number }).cases, 194);
  });

  it('says which file is missing', async () => {
    const prm = readFileSync(path.join(SAMPLE, 'NYCSpaceTimePermutation.prm'), 'utf8').replace(
      'CaseFile=NYCfever.cas',
      'CaseFile=gone.cas',
    );
    writeFileSync(path.join(folder, 'gone.prm'), prm);
    const { stderr, code } = await sos(['scan', '--prm', path.join(folder, 'gone.prm')]);
    assert.equal(code, 1);
    assert.match(stderr, /error FILE_NOT_FOUND: The case file .*gone\.cas does not exist/);
  });
});
