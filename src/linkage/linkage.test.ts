import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { validateReport } from '../intake/report-validation.js';
import type { AppContext } from '../main/app-context.js';
import { distanceMetres } from './great-circle.js';
import { chooseLinkedOverdose, decideLink, type LinkCandidate, REVIEW_SCORE } from './linkage.js';

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

/**
 * The automatic rule as it was written before candidates were scored (time window, distance, sex and
 * age not contradicting, another organization, nearest in time): the reference the scores must match.
 */
function linkedByTheOldRule(
  r: ReturnType<typeof report>,
  organizationId: string,
  candidates: LinkCandidate[],
) {
  if (!r.timeKnown || r.latitude === null || r.longitude === null) return null;
  let best: LinkCandidate | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const gap = Math.abs(c.occurredAt.getTime() - r.occurredAt.getTime());
    if (gap > 3 * 3600_000 || c.organizationIds.includes(organizationId)) continue;
    if (distanceMetres(r.latitude, r.longitude, c.latitude, c.longitude) > 500) continue;
    if (r.sex && c.sex && r.sex !== 'unknown' && c.sex !== 'unknown' && r.sex !== c.sex) continue;
    if (r.age !== null && c.age !== null && Math.abs(r.age - c.age) > 2) continue;
    if (gap < bestGap) {
      best = c;
      bestGap = gap;
    }
  }
  return best;
}

describe('decideLink', () => {
  it('links exactly what the rule before scores linked, over many random neighbours', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const sexes = [null, 'male', 'female', 'unknown'];
    let linked = 0;
    for (let i = 0; i < 2000; i++) {
      const r = report({
        sex: ['M', 'F', 'U', undefined][Math.floor(random() * 4)],
        age: random() < 0.3 ? undefined : 20 + Math.floor(random() * 8),
      });
      const candidates = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) =>
        candidate({
          id: `o${k}`,
          occurredAt: new Date(r.occurredAt.getTime() + (random() - 0.5) * 10 * 3600_000),
          latitude: 41.7658 + (random() - 0.5) * 0.02,
          longitude: -72.6734 + (random() - 0.5) * 0.02,
          sex: sexes[Math.floor(random() * 4)] as string | null,
          age: random() < 0.3 ? null : 20 + Math.floor(random() * 8),
          organizationIds: random() < 0.2 ? ['police'] : ['ems'],
        }),
      );
      const expected = linkedByTheOldRule(r, 'police', candidates);
      assert.equal(chooseLinkedOverdose(r, 'police', candidates)?.id ?? null, expected?.id ?? null);
      if (expected) linked++;
    }
    assert.ok(linked > 100 && linked < 1900, `both outcomes are exercised (${linked} linked)`);
  });

  it('sends near misses to review with their score and reasons, and links without review what fits', () => {
    const r = report({ sex: 'M', age: 31 });
    const later = decideLink(r, 'police', [candidate({ occurredAt: new Date('2024-05-01T14:00:00Z') })]);
    assert.equal(later.linked, null);
    assert.equal(later.review.length, 1);
    assert.ok(Math.abs((later.review[0]?.score ?? 0) - 2 / 3) < 1e-9, 'four hours: a third past the window');
    assert.deepEqual(
      later.review[0]?.reasons.map((x) => [x.criterion, x.detail]),
      [
        ['time', '240 minutes apart'],
        ['distance', '78 m apart'],
        ['sex', 'same sex'],
        ['age', 'ages differ by 1 year(s)'],
      ],
    );
    const farther = decideLink(r, 'police', [candidate({ latitude: 41.7718 })]);
    assert.deepEqual(
      [farther.linked, farther.review.map((c) => Math.round(c.score * 100) / 100)],
      [null, [0.67]],
      '667 m apart',
    );
    const older = decideLink(report({ age: 33 }), 'police', [candidate({})]);
    assert.deepEqual([older.linked, older.review.map((c) => c.score)], [null, [0.5]], 'ages 3 apart');
    assert.equal(REVIEW_SCORE, 0.5);
    for (const [name, decision] of [
      ['ages 4 apart', decideLink(report({ age: 34 }), 'police', [candidate({})])],
      ['another sex', decideLink(report({ sex: 'F' }), 'police', [candidate({})])],
      ['five hours', decideLink(r, 'police', [candidate({ occurredAt: new Date('2024-05-01T15:00:00Z') })])],
      ['same source', decideLink(report({ age: 33 }), 'ems', [candidate({})])],
    ] as const)
      assert.deepEqual([decision.linked, decision.review], [null, []], name);
    const both = decideLink(r, 'police', [
      candidate({ id: 'near-miss', occurredAt: new Date('2024-05-01T14:00:00Z') }),
      candidate({ id: 'fits', sex: null, age: null }),
    ]);
    assert.deepEqual(
      [both.linked?.overdoseId, both.linked?.score, both.review],
      ['fits', 1, []],
      'an unknown sex or age contradicts nothing: linked as before, no review',
    );
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
