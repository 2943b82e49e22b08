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

const fixture = path.resolve(process.cwd(), 'test', 'fixtures', 'medical-examiner', 'deaths.csv');

describeEachEngine('sos import --preset medical-examiner', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let dir: string;
  before(async () => {
    context = await openTestContext(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-me-import-'));
  });
  after(() => context.dispose());

  it('imports deaths with substances from names and cause text, NCHS opioid involvement, flags and a quarantine naming row and column', async () => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      organizationType: 'medical_examiner',
    });
    const run = () =>
      importCsvFile(context.intake, cliActor, {
        filePath: fixture,
        presetName: 'medical-examiner',
        jurisdiction,
        organization,
        rejectedPath: path.join(dir, 'deaths.rejected.csv'),
      });
    const summary = await run();
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [13, 6, 7]);

    const quarantine = parseCsv(readFileSync(summary.rejectedFile as string, 'utf8'));
    assert.deepEqual(quarantine[0]?.slice(0, 4), ['row', 'line', 'reasons', 'case_number']);
    const reasons = new Map(quarantine.slice(1).map((r) => [r[0], r[2] ?? '']));
    assert.match(reasons.get('5') ?? '', /^date_of_death: not an ISO 8601 date or date-time: "2024-02-30"/);
    assert.match(reasons.get('6') ?? '', /^multiple_cause_icd10: .*"T4O\.4" is not an ICD-10 code/);
    assert.match(reasons.get('7') ?? '', /^injury_zip: .*"0610" is not a ZIP code/);
    assert.match(
      reasons.get('8') ?? '',
      /latitude: latitude and longitude, or an address, ZIP, city or county, are required/,
    );
    assert.match(reasons.get('10') ?? '', /^case_number: a value is required/);
    assert.match(reasons.get('12') ?? '', /^injury_date: .*2024-03-14 is after the date of death 2024-03-12/);
    assert.match(reasons.get('13') ?? '', /^injury_date: not an ISO 8601 date or date-time: "2024-13-01"/);
    assert.doesNotMatch(reasons.get('13') ?? '', /after the date of death/);

    const stored = await context.db.query<{
      id: string;
      parsed: Record<string, unknown>;
      flags: { field: string; code: string }[] | null;
      fatal: boolean;
      occurred_date: string;
      source_types: string[];
      case_definitions: string[];
    }>(
      `select r.source_record_id as id, r.parsed, r.flags, o.fatal, o.occurred_date::text as occurred_date,
              o.source_types, o.case_definitions
         from reports r join overdoses o on o.jurisdiction_id = r.jurisdiction_id and o.id = r.overdose_id
        where r.jurisdiction_id = $1 order by r.source_record_id`,
      [jurisdiction.id],
    );
    const byId = new Map(stored.map((s) => [s.id, s]));
    assert.deepEqual(
      [...byId.keys()],
      ['ME-24-0001', 'ME-24-0002', 'ME-24-0003', 'ME-24-0004', 'ME-24-0009', 'ME-24-0011'],
    );
    for (const s of stored) {
      assert.equal(s.fatal, true, s.id);
      assert.deepEqual(s.source_types, ['medical_examiner'], s.id);
    }
    const first = byId.get('ME-24-0001');
    assert.deepEqual(first?.parsed.substances, ['cocaine', 'fentanyl', 'xylazine', 'alcohol']);
    assert.deepEqual(first?.parsed.sourceDefinitions, ['nchs_opioid']);
    assert.equal(first?.parsed.definitionReasons, 'nchs_opioid: X42 with T40.4');
    assert.ok(first?.case_definitions.includes('opioid'));
    assert.deepEqual(byId.get('ME-24-0002')?.parsed.sourceDefinitions, ['nchs_opioid']);
    assert.equal(byId.get('ME-24-0002')?.parsed.definitionReasons, 'nchs_opioid: Y12 with T40.1');
    assert.equal(
      byId.get('ME-24-0004')?.occurred_date,
      '2024-03-05',
      'the injury date, not the date of death',
    );
    assert.equal(byId.get('ME-24-0009')?.occurred_date, '2024-03-15');
    assert.deepEqual(
      byId.get('ME-24-0009')?.parsed.substances,
      ['alcohol'],
      'the denied opioids are left out',
    );
    assert.deepEqual(byId.get('ME-24-0009')?.parsed.sourceDefinitions ?? [], []);

    const natural = byId.get('ME-24-0003');
    assert.deepEqual(natural?.parsed.substances, ['cocaine']);
    assert.deepEqual(natural?.parsed.sourceDefinitions ?? [], []);
    assert.deepEqual(
      (natural?.flags ?? []).filter((f) => f.code === 'NOT_AN_OVERDOSE_DEATH').map((f) => f.field),
      ['manner', 'underlying_cause_icd10'],
    );
    const suicide = byId.get('ME-24-0011');
    assert.deepEqual(
      suicide?.parsed.sourceDefinitions,
      ['nchs_opioid'],
      'an intentional overdose is still opioid-involved',
    );
    assert.deepEqual(
      (suicide?.flags ?? []).filter((f) => f.code === 'NOT_AN_OVERDOSE_DEATH').map((f) => f.field),
      ['manner'],
    );
    for (const id of ['ME-24-0001', 'ME-24-0002', 'ME-24-0004']) {
      const flags = byId.get(id)?.flags ?? [];
      assert.equal(
        flags.some((f) => f.code === 'NOT_AN_OVERDOSE_DEATH'),
        false,
        `${id}: an accident or an undetermined death by drug poisoning`,
      );
    }

    const again = await run();
    assert.deepEqual([again.accepted, again.duplicates, again.rejected], [0, 6, 7]);
  });
});
