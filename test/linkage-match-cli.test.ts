import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sos } from './support/sos-process.js';

const LINKAGE_DATA = path.resolve('..', 'shared', 'data', 'linkage');

/** Pairwise precision and recall by listing every pair of records: a check independent of the command's own. */
function qualityByPairs(clusterOf: Map<string, string>, truthOf: Map<string, string>) {
  const ids = [...truthOf.keys()];
  const numbered = (labels: (string | undefined)[]) => {
    const numbers = new Map<string | undefined, number>();
    return Int32Array.from(
      labels,
      (label) => numbers.get(label) ?? numbers.set(label, numbers.size).size - 1,
    );
  };
  const cluster = numbered(ids.map((id) => clusterOf.get(id)));
  const truth = numbered(ids.map((id) => truthOf.get(id)));
  let predicted = 0;
  let trueOnes = 0;
  let hits = 0;
  for (let a = 0; a < ids.length; a++) {
    for (let b = a + 1; b < ids.length; b++) {
      const together = cluster[a] === cluster[b];
      const same = truth[a] === truth[b];
      predicted += together ? 1 : 0;
      trueOnes += same ? 1 : 0;
      hits += together && same ? 1 : 0;
    }
  }
  return { precision: hits / predicted, recall: hits / trueOnes };
}

/** Runs `sos linkage match` on a shared file and checks its clusters against the truth, pair by pair. */
async function matchShared(file: string, preset: string, truthOfId: (id: string, row: string[]) => string) {
  const out = path.join(folder, `${path.basename(file)}.clusters.csv`);
  const run = await sos(
    ['linkage', 'match', path.join(LINKAGE_DATA, file), '--preset', preset, '--out', out, '--truth'],
    {},
  );
  assert.equal(run.code, 0, run.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\r\n');
  assert.equal(lines[0], 'record_id,cluster_id');
  const clusterOf = new Map(lines.slice(1).map((line) => line.split(',') as [string, string]));
  const rows = readFileSync(path.join(LINKAGE_DATA, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.trim()));
  const truthOf = new Map(rows.map((row) => [row[0] as string, truthOfId(row[0] as string, row)]));
  assert.equal(clusterOf.size, truthOf.size);
  const quality = qualityByPairs(clusterOf, truthOf);
  const printed = /pairwise precision ([\d.]+) recall ([\d.]+) F1 ([\d.]+)/.exec(run.stdout);
  assert.ok(printed, run.stdout);
  assert.equal(Number(printed[1]), Number(quality.precision.toFixed(4)));
  assert.equal(Number(printed[2]), Number(quality.recall.toFixed(4)));
  console.log(`${file}: precision ${quality.precision.toFixed(4)}, recall ${quality.recall.toFixed(4)}`);
  return quality;
}

const folder = mkdtempSync(path.join(tmpdir(), 'sos-linkage-'));
after(() => rmSync(folder, { recursive: true, force: true }));

describe('sos linkage match', () => {
  const febrlTruth = (id: string) => /^rec-(\d+)-/.exec(id)?.[1] as string;

  it('links FEBRL dataset3 with pairwise precision and recall of 0.95 or more', async () => {
    const quality = await matchShared('febrl_dataset3.csv', 'febrl', febrlTruth);
    assert.ok(quality.precision >= 0.95, `precision ${quality.precision}`);
    assert.ok(quality.recall >= 0.95, `recall ${quality.recall}`);
  });

  it('links FEBRL dataset1 at the quality measured when written (1.000 and 0.994)', async () => {
    const quality = await matchShared('febrl_dataset1.csv', 'febrl', febrlTruth);
    assert.ok(quality.precision >= 0.99, `precision ${quality.precision}`);
    assert.ok(quality.recall >= 0.99, `recall ${quality.recall}`);
  });

  it("links Splink's fake_1000 at the quality measured when written (0.987 and 0.868)", async () => {
    const quality = await matchShared('fake_1000.csv', 'generic', (_id, row) => row[6] as string);
    assert.ok(quality.precision >= 0.95, `precision ${quality.precision}`);
    assert.ok(quality.recall >= 0.85, `recall ${quality.recall}`);
  });

  it('skips a row it cannot read, naming file, row, line and column, and clusters the rest', async () => {
    const file = path.join(folder, 'people.csv');
    writeFileSync(
      file,
      'record_id,first_name,last_name,dob\n1,ann,lee,1980-01-01\n,bob,ray,1970-02-02\n1,ann,lee,1980-01-01\n3,ann,lee,1980-01-01\n',
    );
    const out = path.join(folder, 'people.clusters.csv');
    const run = await sos(['linkage', 'match', file, '--preset', 'generic', '--out', out], {});
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /people\.csv row 2 \(line 3\), record_id: the record id is empty/);
    assert.match(run.stderr, /people\.csv row 3 \(line 4\), id: record id 1 repeats an earlier row/);
    const written = readFileSync(out, 'utf8').split('\r\n');
    assert.deepEqual(
      written.map((line) => line.split(',')[0]),
      ['record_id', '1', '3', ''],
    );
    assert.match(run.stdout, /^2 records \(2 skipped\)/);
  });

  it('refuses an unknown preset, a file without truth for --truth, and a missing file', async () => {
    const file = path.join(folder, 'plain.csv');
    writeFileSync(file, 'record_id,first_name\n1,ann\n');
    const out = path.join(folder, 'plain.clusters.csv');
    const unknown = await sos(['linkage', 'match', file, '--preset', 'nope', '--out', out], {});
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error UNKNOWN_PRESET: No person preset "nope": use one of febrl\|generic/);
    const noTruth = await sos(['linkage', 'match', file, '--preset', 'generic', '--out', out, '--truth'], {});
    assert.equal(noTruth.code, 1);
    assert.match(
      noTruth.stderr,
      /^error CSV_MISSING_COLUMNS: .*plain\.csv carries no truth for preset generic \(a cluster or true_id column\)/,
    );
    const noId = await sos(['linkage', 'match', file, '--preset', 'febrl', '--out', out], {});
    assert.match(noId.stderr, /^error CSV_MISSING_COLUMNS: .*plain\.csv lacks one of the id columns rec_id/);
    const missing = await sos(
      ['linkage', 'match', path.join(folder, 'none.csv'), '--preset', 'generic', '--out', out],
      {},
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error FILE_NOT_FOUND/);
    const usage = await sos(['linkage', 'match', file, '--preset', 'generic'], {});
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--out CLUSTERS\.csv is required/);
  });
});
