import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { parseCsv } from '../../test/support/reference-csv.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { importCsvFile } from './csv-import-service.js';

const VISITS = path.resolve('test/fixtures/ed-chief-complaints/visits.csv');

describeEachEngine('sos import --preset ed-syndromic', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  before(async () => {
    context = await openTestContext(engine);
  });
  after(() => context.dispose());

  it('stores the overdose visits as hospital reports with their syndromes, skips the others and quarantines bad rows', async () => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      organizationType: 'hospital',
    });
    const rejectedPath = path.join(mkdtempSync(path.join(tmpdir(), 'sos-ed-')), 'visits.rejected.csv');
    const run = () =>
      importCsvFile(context.intake, cliActor, {
        filePath: VISITS,
        presetName: 'ed-syndromic',
        jurisdiction,
        organization,
        rejectedPath,
      });
    const first = await run();
    assert.deepEqual(
      [first.read, first.accepted, first.skipped, first.rejected, first.duplicates],
      [9, 4, 3, 2, 0],
    );
    const quarantine = parseCsv(readFileSync(rejectedPath, 'utf8'));
    assert.deepEqual(
      quarantine.slice(1).map((r) => r.slice(0, 1)),
      [['8'], ['9']],
      'rows 8 and 9 of the file',
    );
    assert.match(quarantine[1]?.[2] ?? '', /^visit_id: a value is required/);
    assert.match(quarantine[2]?.[2] ?? '', /visit_time: not an ISO 8601 date or date-time/);

    const reports = await context.db.query<{
      source_record_id: string;
      source_type: string;
      parsed: Record<string, unknown>;
      raw: Record<string, string>;
    }>(
      'select source_record_id, source_type, parsed, raw from reports where jurisdiction_id = $1 order by source_record_id',
      [jurisdiction.id],
    );
    assert.deepEqual(
      reports.map((r) => r.source_record_id),
      ['General Hospital:V1001', 'General Hospital:V1004', 'Saint Mary:V1001', 'Saint Mary:V1006'],
      'visit ids repeat across facilities: the facility is part of the record id',
    );
    const byId = new Map(reports.map((r) => [r.source_record_id, r]));
    const heroin = byId.get('General Hospital:V1001');
    assert.equal(heroin?.source_type, 'hospital');
    assert.deepEqual(heroin?.parsed.sourceDefinitions, ['ed_all_drug', 'ed_opioid', 'ed_heroin']);
    assert.match(
      String(heroin?.parsed.definitionReasons),
      /^ed-syndromes v1; ed_all_drug: diagnosis code T40\.1X1A/,
    );
    assert.deepEqual(heroin?.parsed.substances, ['heroin']);
    assert.equal(heroin?.parsed.zip, '06103');
    assert.equal(
      heroin?.parsed.narrative,
      undefined,
      'the chief complaint is T3: kept in the raw payload only',
    );
    assert.equal(heroin?.raw.chief_complaint, 'found unresponsive, herion per friend, narcan x2');
    assert.deepEqual(byId.get('General Hospital:V1004')?.parsed.sourceDefinitions, [
      'ed_all_drug',
      'ed_opioid',
      'ed_fentanyl',
    ]);
    assert.deepEqual(byId.get('Saint Mary:V1001')?.parsed.sourceDefinitions, ['ed_all_drug', 'ed_stimulant']);

    const overdoses = await context.db.query<{ case_definitions: string[] }>(
      'select case_definitions from overdoses where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    const heroinOverdoses = overdoses.filter((o) => o.case_definitions.includes('heroin'));
    assert.equal(overdoses.length, 4);
    assert.equal(
      heroinOverdoses.length,
      1,
      'the T40.1 visit is a heroin overdose although no substance column says so',
    );

    const again = await run();
    assert.deepEqual([again.accepted, again.duplicates, again.skipped, again.rejected], [0, 4, 3, 2]);
  });
});
