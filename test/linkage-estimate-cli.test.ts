import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sos } from './support/sos-process.js';

describe('sos linkage estimate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-linkage-estimate-'));
  const env: NodeJS.ProcessEnv = { SOS_DATA_DIR: dir, DATABASE_URL: '' };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("estimates a jurisdiction's model, storing none while it has too few pairs", async () => {
    const created = await sos(
      ['jurisdiction', 'create', '--short-name', 'hc', '--name', 'Hill County', '--time-zone', 'UTC'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const run = await sos(['linkage', 'estimate', '--jurisdiction', 'hc', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').pop() as string), {
      reportCount: 0,
      pairCount: 0,
      stored: false,
      iterations: null,
      converged: null,
      matchShare: null,
    });
    const words = await sos(['linkage', 'estimate', '--jurisdiction', 'hc'], env);
    assert.match(words.stdout, /too few for a model: the closeness rule keeps deciding/);
  });
});
