import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { timeCopy } from '../bench/support/copy-baseline.js';
import { runGenerateCommand } from '../src/demo/generator/command.js';
import { createTestDatabase, type TestDatabase } from './support/postgres-cluster.js';
import { clusterUrl } from './support/test-databases.js';

describe("the import bench's COPY baseline", () => {
  let dir: string;
  let database: TestDatabase;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sos-copy-baseline-'));
    database = await createTestDatabase(clusterUrl());
  });
  after(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies every row of the generator's file, whatever columns the generator writes", async () => {
    const file = path.join(dir, 'generated.csv');
    const generated = await runGenerateCommand({
      events: 300,
      days: 10,
      seed: 3,
      end: '2025-01-01',
      out: file,
    });
    const copied = await timeCopy(database.url, file);
    assert.equal(copied.rows, generated.rows);
  });
});
