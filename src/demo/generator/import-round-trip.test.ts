import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { cliActor } from '../../access/roles.js';
import { importCsvFile } from '../../intake/csv-import-service.js';
import type { AppContext } from '../../main/app-context.js';
import { runGenerateCommand } from './command.js';

describeEachEngine('generated data through intake', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-generated-'));
  before(async () => {
    context = await openTestContext(engine);
  });
  after(async () => {
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports every generated row with the generic preset, with no value outside the vocabularies', async () => {
    const out = path.join(dir, 'generated.csv');
    const generated = await runGenerateCommand({ events: 3000, days: 120, seed: 11, out, end: '2024-06-01' });
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      timeZone: 'America/New_York',
    });
    const summary = await importCsvFile(context.intake, cliActor, {
      filePath: out,
      presetName: 'generic',
      jurisdiction,
      organization,
    });
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [3000, 3000, 0]);
    const [flags] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from reports where jurisdiction_id = $1 and flags is not null',
      [jurisdiction.id],
    );
    assert.equal(flags?.n, 0);
    const truth = JSON.parse(readFileSync(generated.truthFile, 'utf8')) as { spikes: unknown[] };
    assert.equal(truth.spikes.length, generated.spikes);
    const [days] = await context.db.query<{ first: string; last: string }>(
      'select min(occurred_date) as first, max(occurred_date) as last from overdoses where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.ok(
      (days?.first ?? '') >= '2024-02-02' && (days?.last ?? '') <= '2024-05-31',
      JSON.stringify(days),
    );
  });
});
