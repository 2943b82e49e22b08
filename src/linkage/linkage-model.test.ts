import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { type GeneratedReport, generateLinkedEvents } from '../demo/generator/linked-events.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { MIN_MODEL_PAIRS } from './event-linkage.js';
import { readLinkageModel } from './linkage-model-repository.js';
import { estimateAllLinkageModels, estimateLinkageModel } from './linkage-model-service.js';

const DAY_MS = 86_400_000;

/** A generated report as a source sends it: ED visits by ZIP and city, ME deaths by date and city. */
function fieldsOf(r: GeneratedReport, index: number): Record<string, unknown> {
  const date = new Date(r.at).toISOString();
  return {
    source_record_id: `g${index}`,
    occurred_at: r.timeKnown ? date : date.slice(0, 10),
    ...(r.precise ? { latitude: r.latitude, longitude: r.longitude } : {}),
    zip: r.zip,
    city: r.city,
    county_fips: r.county,
    age: r.age,
    sex: r.sex,
    fatal: r.fatal,
    // A named person: the same generated person, the same name and birth date (one match key).
    ...(r.matchKey
      ? { person: { first_name: r.matchKey, last_name: 'Generated', birth_date: '1980-01-01' } }
      : {}),
  };
}

describeEachEngine('the linkage model of a jurisdiction', (engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  before(async () => {
    app = await openTestContext(engine);
  });
  after(() => app.dispose());

  /** Sends each organization's generated reports in one batch. */
  async function ingestGenerated(jurisdiction: Jurisdiction, reports: GeneratedReport[]): Promise<number> {
    const byOrganization = new Map<
      string,
      { organization: Organization; items: Record<string, unknown>[] }
    >();
    for (const [index, r] of reports.entries()) {
      let entry = byOrganization.get(r.organizationId);
      if (!entry) {
        const organization = {
          jurisdictionId: jurisdiction.id,
          id: randomUUID(),
          name: r.organizationId,
          type: r.sourceType,
        };
        await insertOrganization(app.db, organization);
        entry = { organization, items: [] };
        byOrganization.set(r.organizationId, entry);
      }
      entry.items.push(fieldsOf(r, index));
    }
    let accepted = 0;
    for (const { organization, items } of byOrganization.values()) {
      const results = await ingestReports(app.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'api',
        items: items.map((fields) => ({ raw: fields, fields })),
      });
      accepted += results.filter((r) => r.status === 'accepted').length;
    }
    return accepted;
  }

  it('is estimated from the jurisdiction own candidate pairs and stored with when and how many', async () => {
    const { jurisdiction } = await seedJurisdiction(app.db, { timeZone: 'UTC' });
    const now = app.clock.now();
    const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS - 30 * DAY_MS;
    const reports = generateLinkedEvents({ events: 500, seed: 3, start });
    const accepted = await ingestGenerated(jurisdiction, reports);
    assert.equal(accepted, reports.length);
    assert.equal(await readLinkageModel(app.db, jurisdiction.id), null);
    const estimation = await estimateLinkageModel(app, cliActor, jurisdiction.id);
    assert.equal(estimation.reportCount, reports.length);
    assert.ok(estimation.pairCount >= MIN_MODEL_PAIRS, `${estimation.pairCount} pairs`);
    assert.equal(estimation.stored, true);
    const stored = await readLinkageModel(app.db, jurisdiction.id);
    assert.deepEqual([stored?.pairCount, stored?.reportCount], [estimation.pairCount, reports.length]);
    assert.ok(stored && Math.abs(stored.estimatedAt.getTime() - now.getTime()) < 60_000);
    const time = stored?.model.m[0] as number[];
    assert.ok((time[3] as number) > (time[0] as number), 'reports of one event are close in time');
    // The nightly job estimates every jurisdiction again.
    await estimateAllLinkageModels(app);
    const again = await readLinkageModel(app.db, jurisdiction.id);
    assert.ok(again && stored && again.estimatedAt > stored.estimatedAt);
    assert.equal(again?.pairCount, stored?.pairCount);
  });

  it('is estimated by analysts of the jurisdiction, not by public safety', async () => {
    const { jurisdiction, organization } = await seedJurisdiction(app.db, { timeZone: 'UTC' });
    const user = (role: 'analyst' | 'public_safety_analyst') => ({
      kind: 'user' as const,
      userId: randomUUID(),
      jurisdictionId: jurisdiction.id,
      role,
      organizationId: organization.id,
    });
    assert.equal((await estimateLinkageModel(app, user('analyst'), jurisdiction.id)).stored, false);
    await assert.rejects(estimateLinkageModel(app, user('public_safety_analyst'), jurisdiction.id), {
      code: 'FORBIDDEN',
    });
  });

  it('stores nothing while a jurisdiction has too few pairs: the closeness rule keeps deciding', async () => {
    const { jurisdiction } = await seedJurisdiction(app.db, { timeZone: 'UTC' });
    const start = Math.floor(app.clock.now().getTime() / DAY_MS) * DAY_MS - 10 * DAY_MS;
    await ingestGenerated(jurisdiction, generateLinkedEvents({ events: 20, seed: 4, start }));
    const estimation = await estimateLinkageModel(app, cliActor, jurisdiction.id);
    assert.equal(estimation.stored, false);
    assert.ok(estimation.pairCount < MIN_MODEL_PAIRS);
    assert.equal(await readLinkageModel(app.db, jurisdiction.id), null);
  });

  it("decides intake's links by the stored model: probability, reasons with weights", async () => {
    const { jurisdiction } = await seedJurisdiction(app.db, { timeZone: 'UTC' });
    const start = Math.floor(app.clock.now().getTime() / DAY_MS) * DAY_MS - 30 * DAY_MS;
    await ingestGenerated(jurisdiction, generateLinkedEvents({ events: 500, seed: 3, start }));
    await estimateLinkageModel(app, cliActor, jurisdiction.id);
    const ems = { jurisdictionId: jurisdiction.id, id: randomUUID(), name: 'Far EMS', type: 'ems' };
    const police = { jurisdictionId: jurisdiction.id, id: randomUUID(), name: 'Far PD', type: 'police' };
    await insertOrganization(app.db, ems);
    await insertOrganization(app.db, police);
    const send = async (organization: Organization, fields: Record<string, unknown>) =>
      (
        await ingestReports(app.intake, cliActor, {
          jurisdiction,
          organization,
          channel: 'api',
          items: [{ raw: fields, fields }],
        })
      )[0];
    const at = new Date(start + 25 * DAY_MS).toISOString().slice(0, 10);
    const first = await send(ems, {
      source_record_id: 'e1',
      occurred_at: `${at}T03:00:00Z`,
      latitude: 41.95,
      longitude: -72.3,
      age: 30,
      sex: 'male',
    });
    // Ages three years apart: the closeness rule asks an analyst; 20 minutes and 40 m say one event.
    const second = await send(police, {
      source_record_id: 'p1',
      occurred_at: `${at}T03:20:00Z`,
      latitude: 41.9503,
      longitude: -72.3,
      age: 33,
      sex: 'male',
    });
    assert.equal(second?.overdoseId, first?.overdoseId);
    // Five hours and 1.5 km apart, another sex: a different event under any rule.
    const third = await send(police, {
      source_record_id: 'p2',
      occurred_at: `${at}T08:00:00Z`,
      latitude: 41.9635,
      longitude: -72.3,
      age: 30,
      sex: 'female',
    });
    assert.notEqual(third?.overdoseId, first?.overdoseId);
    // Two hours apart at 300 m with nothing else known: uncertain, queued with the model's probability.
    const fourth = await send(ems, {
      source_record_id: 'e2',
      occurred_at: `${at}T12:00:00Z`,
      latitude: 41.95,
      longitude: -72.2,
    });
    await send(police, {
      source_record_id: 'p3',
      occurred_at: `${at}T14:10:00Z`,
      latitude: 41.9527,
      longitude: -72.2,
    });
    const reviews = await app.db.query<{ score: number; reasons: unknown; candidate_overdose_id: string }>(
      'select score, reasons, candidate_overdose_id from linkage_reviews where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    const review = reviews.find((r) => r.candidate_overdose_id === fourth?.overdoseId);
    assert.ok(review, `the uncertain pair is queued (${JSON.stringify(reviews)})`);
    // The same pair naming one person (the vault's match keys agree): one event.
    const fifth = await send(ems, {
      source_record_id: 'e3',
      occurred_at: `${at}T16:00:00Z`,
      latitude: 41.95,
      longitude: -72.1,
      person: { first_name: 'Ada', last_name: 'Quinlan', birth_date: '1990-02-03' },
    });
    const sixth = await send(police, {
      source_record_id: 'p4',
      occurred_at: `${at}T18:10:00Z`,
      latitude: 41.9527,
      longitude: -72.1,
      person: { first_name: 'Ada', last_name: 'Quinlan', birth_date: '1990-02-03' },
    });
    assert.equal(sixth?.overdoseId, fifth?.overdoseId);
    // A medical examiner's death, by date only, joins the fatal overdose EMS reported that day nearby.
    const examiner = {
      jurisdictionId: jurisdiction.id,
      id: randomUUID(),
      name: 'Far ME',
      type: 'medical_examiner',
    };
    await insertOrganization(app.db, examiner);
    const scene = await send(ems, {
      source_record_id: 'e4',
      occurred_at: `${at}T20:00:00Z`,
      latitude: 41.95,
      longitude: -72.0,
      age: 45,
      sex: 'male',
      fatal: true,
    });
    const death = await send(examiner, {
      source_record_id: 'm1',
      occurred_at: at,
      latitude: 41.951,
      longitude: -72.0,
      age: 45,
      sex: 'male',
      fatal: true,
    });
    assert.equal(death?.overdoseId, scene?.overdoseId);
    const reasons = (typeof review.reasons === 'string' ? JSON.parse(review.reasons) : review.reasons) as {
      criterion: string;
      closeness: number;
      weight: number;
    }[];
    assert.ok(review.score > 0 && review.score < 1);
    assert.deepEqual(
      reasons.map((r) => r.criterion),
      ['time', 'distance', 'source_type'],
    );
    for (const r of reasons) assert.ok(Number.isFinite(r.weight) && r.closeness >= 0 && r.closeness <= 1);
  });
});
