import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { importCsvFile } from './csv-import-service.js';

describeEachEngine('two imports of one file at once', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let dir: string;
  before(async () => {
    context = await openTestContext(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-concurrent-'));
  });
  after(async () => {
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every row once: what one import accepts, the other counts as a duplicate', async () => {
    const rows = 400;
    const file = path.join(dir, 'same.csv');
    const lines = ['source_record_id,occurred_at,latitude,longitude'];
    for (let i = 0; i < rows; i++) {
      lines.push(`r-${i},2024-05-0${1 + (i % 9)}T${String(i % 24).padStart(2, '0')}:00:00,41.7,-72.6`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    const run = (name: string) =>
      importCsvFile(context.intake, cliActor, {
        filePath: file,
        presetName: 'generic',
        jurisdiction,
        organization,
        batchSize: 25,
        rejectedPath: path.join(dir, `${name}.rejected.csv`),
      });
    const [first, second] = await Promise.all([run('a'), run('b')]);
    assert.equal(first.accepted + second.accepted, rows);
    assert.equal(first.duplicates + second.duplicates, rows);
    assert.equal(first.rejected + second.rejected, 0);
    const [stored] = await context.db.query<{ reports: number; overdoses: number; counted: number }>(
      `select (select count(*)::int from reports where jurisdiction_id = $1) as reports,
         (select count(*)::int from overdoses where jurisdiction_id = $1) as overdoses,
         (select coalesce(sum(count), 0)::int from daily_area_counts
            where jurisdiction_id = $1 and layer_id = '') as counted`,
      [jurisdiction.id],
    );
    assert.deepEqual(stored, { reports: rows, overdoses: rows, counted: rows });
  });
});
