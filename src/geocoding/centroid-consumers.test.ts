import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { overdosesAround, sceneOverdoses } from '../surveillance/scene-overdoses.js';
import { bundledGazetteer } from './gazetteer.js';

describeEachEngine('a centroid is no exact point: linkage and scenes leave it out', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdiction: Jurisdiction;
  let ems: Organization;
  let hospital: Organization;
  const centroid = () => bundledGazetteer().zips.get('06106') as { latitude: number; longitude: number };

  before(async () => {
    context = await openTestContext(engine);
    ({ jurisdiction, organization: ems } = await seedJurisdiction(context.db));
    hospital = { jurisdictionId: jurisdiction.id, id: randomUUID(), name: 'Hospital', type: 'hospital' };
    await insertOrganization(context.db, hospital);
  });
  after(() => context.dispose());

  const submit = (organization: Organization, rows: Record<string, unknown>[]) =>
    ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: rows.map((fields) => ({ raw: fields, fields })),
    });
  const overdoseOf = async (sourceRecordId: string) => {
    const [row] = await context.db.query<{ overdose_id: string }>(
      'select overdose_id from reports where jurisdiction_id = $1 and source_record_id = $2',
      [jurisdiction.id, sourceRecordId],
    );
    return row?.overdose_id;
  };

  it('never links a ZIP-placed report by distance, either way, nor puts it in review', async () => {
    const { latitude, longitude } = centroid();
    const at = (minutes: number) => new Date(Date.UTC(2024, 4, 1, 14, minutes)).toISOString();
    await submit(ems, [
      { source_record_id: 'ems-1', occurred_at: at(0), latitude, longitude, sex: 'male', age: 30 },
    ]);
    await submit(hospital, [
      { source_record_id: 'ed-1', occurred_at: at(10), zip: '06106', sex: 'male', age: 30 },
    ]);
    await submit(hospital, [
      { source_record_id: 'ed-2', occurred_at: at(40), zip: '06106', sex: 'female', age: 50 },
    ]);
    await submit(ems, [
      { source_record_id: 'ems-2', occurred_at: at(45), latitude, longitude, sex: 'female', age: 50 },
    ]);
    const ids = await Promise.all(['ems-1', 'ed-1', 'ed-2', 'ems-2'].map(overdoseOf));
    assert.equal(new Set(ids).size, 4, 'four overdoses: none linked through a centroid');
    const reviews = await context.db.query('select * from linkage_reviews where jurisdiction_id = $1', [
      jurisdiction.id,
    ]);
    assert.equal(reviews.length, 0);
  });

  it('gives a scene no point for an overdose at a centroid and finds none around one', async () => {
    const { latitude, longitude } = centroid();
    const ids = await Promise.all(['ems-1', 'ed-1', 'ed-2', 'ems-2'].map(overdoseOf));
    const facts = await sceneOverdoses(context.db, jurisdiction.id, ids as string[]);
    assert.deepEqual(
      facts.map((f) => [f.id, f.latitude]),
      [
        [ids[0], latitude],
        [ids[1], null],
        [ids[2], null],
        [ids[3], latitude],
      ],
    );
    const around = await overdosesAround(
      context.db,
      jurisdiction.id,
      { occurredAt: new Date(Date.UTC(2024, 4, 1, 14, 5)), latitude, longitude },
      60,
      100,
    );
    assert.deepEqual(
      around.map((o) => o.id),
      [ids[0], ids[3]],
    );
  });
});
