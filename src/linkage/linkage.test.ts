import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { validateReport } from '../intake/report-validation.js';
import type { AppContext } from '../main/app-context.js';
import { chooseLinkedOverdose, distanceMetres, type LinkCandidate } from './linkage.js';

const context = { timeZone: 'UTC', now: new Date('2025-01-01T00:00:00Z'), defaultSourceType: 'police' };
const report = (fields: Record<string, unknown>) =>
  validateReport(
    {
      source_record_id: 'r',
      occurred_at: '2024-05-01T10:00:00Z',
      latitude: 41.7658,
      longitude: -72.6734,
      ...fields,
    },
    context,
  ).report as NonNullable<ReturnType<typeof validateReport>['report']>;
const candidate = (fields: Partial<LinkCandidate>): LinkCandidate => ({
  id: 'o1',
  occurredAt: new Date('2024-05-01T09:40:00Z'),
  latitude: 41.7665,
  longitude: -72.6734,
  sex: 'male',
  age: 30,
  organizationIds: ['ems'],
  ...fields,
});

describe('chooseLinkedOverdose', () => {
  it('measures great-circle distance', () => {
    assert.ok(Math.abs(distanceMetres(41.7658, -72.6734, 41.7665, -72.6734) - 77.8) < 1);
  });

  it('links a report of another source near in time and place', () => {
    assert.equal(chooseLinkedOverdose(report({ sex: 'M', age: 31 }), 'police', [candidate({})])?.id, 'o1');
  });

  it('does not link across contradicting facts, distance, time, or within one source', () => {
    const r = report({ sex: 'M', age: 31 });
    assert.equal(chooseLinkedOverdose(report({ sex: 'F' }), 'police', [candidate({})]), null);
    assert.equal(chooseLinkedOverdose(report({ age: 45 }), 'police', [candidate({})]), null);
    assert.equal(chooseLinkedOverdose(r, 'police', [candidate({ latitude: 41.78 })]), null);
    assert.equal(
      chooseLinkedOverdose(r, 'police', [candidate({ occurredAt: new Date('2024-05-01T06:30:00Z') })]),
      null,
    );
    assert.equal(chooseLinkedOverdose(r, 'ems', [candidate({})]), null);
    assert.equal(
      chooseLinkedOverdose(report({ occurred_at: '2024-05-01' }), 'police', [candidate({})]),
      null,
    );
  });

  it('prefers the candidate nearest in time', () => {
    const near = candidate({ id: 'near', occurredAt: new Date('2024-05-01T10:05:00Z') });
    assert.equal(chooseLinkedOverdose(report({}), 'police', [candidate({}), near])?.id, 'near');
  });
});

describeEachEngine('linked reports count once', (engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  before(async () => {
    app = await openTestContext(engine);
  });
  after(() => app.dispose());

  it('joins a police report to the EMS overdose it describes, and rebuilds the facts and counts', async () => {
    const { jurisdiction, organization: ems } = await seedJurisdiction(app.db, {
      timeZone: 'America/New_York',
    });
    const police = { jurisdictionId: jurisdiction.id, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(app.db, police);
    const submit = (organization: typeof ems, fields: Record<string, unknown>) =>
      ingestReports(app.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'api',
        items: [{ raw: fields, fields }],
      });
    const [first] = await submit(ems, {
      source_record_id: 'ems-1',
      occurred_at: '2024-05-01T10:00:00-04:00',
      latitude: 41.7658,
      longitude: -72.6734,
      sex: 'male',
      naloxone_given: true,
      naloxone_doses: 2,
    });
    const [second] = await submit(police, {
      source_record_id: 'pd-77',
      occurred_at: '2024-05-01T10:25:00-04:00',
      latitude: 41.7662,
      longitude: -72.6731,
      age: 33,
      substances: 'fentanyl',
    });
    const [elsewhere] = await submit(police, {
      source_record_id: 'pd-78',
      occurred_at: '2024-05-01T10:30:00-04:00',
      latitude: 41.3,
      longitude: -72.9,
    });
    assert.equal(second?.overdoseId, first?.overdoseId);
    assert.notEqual(elsewhere?.overdoseId, first?.overdoseId);
    const [overdose] = await app.db.query<Record<string, unknown>>('select * from overdoses where id = $1', [
      first?.overdoseId,
    ]);
    assert.deepEqual(
      [
        overdose?.report_count,
        overdose?.source_types,
        overdose?.substances,
        overdose?.age,
        overdose?.sex,
        overdose?.naloxone_doses,
      ],
      [2, ['ems', 'police'], ['fentanyl'], 33, 'male', 2],
    );
    const [total] = await app.db.query<{ n: number }>(
      "select sum(count)::int as n from daily_area_counts where jurisdiction_id = $1 and layer_id = ''",
      [jurisdiction.id],
    );
    assert.equal(total?.n, 2, 'three reports, two overdoses');
    const [fentanyl] = await app.db.query<{ n: number }>(
      "select sum(count)::int as n from daily_dimension_counts where jurisdiction_id = $1 and dimension = 'case_definition' and value = 'fentanyl'",
      [jurisdiction.id],
    );
    assert.equal(fentanyl?.n, 1);
  });
});
