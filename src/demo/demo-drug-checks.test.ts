import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { weekStartOf } from '../drug-checking/drug-check-week.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { addDays } from '../platform/calendar-days.js';
import { demoDrugCheckResults, loadDemoDrugChecks, type PlantedSignal } from './demo-drug-checks.js';
import { importConnecticutTowns } from './demo-loader.js';
import { loadSyntheticCalls, syntheticCalls } from './demo-survivors.js';

describeEachEngine("the demo's drug checks corroborate the synthetic spike", (engine) => {
  const time = new ManualTime(new Date('2026-12-07T17:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let analyst: string;
  let planted: PlantedSignal;
  let spikeArea: string;

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    const seeded = await seedJurisdiction(context.db);
    await importConnecticutTowns(context, seeded.jurisdiction);
    await loadSyntheticCalls(context.intake, seeded, syntheticCalls(time.now().getTime(), []));
    const summary = await loadDemoDrugChecks(context, seeded.jurisdiction);
    assert.equal(summary.rejected, 0);
    assert.ok(summary.planted);
    planted = summary.planted;
    const [area] = await context.db.query<{ area_id: string }>(
      `select a.area_id from drug_check_results r join drug_check_result_areas a
         on a.jurisdiction_id = r.jurisdiction_id and a.result_id = r.id
       where r.source_id = 'demo-medetomidine-before-spike'`,
    );
    spikeArea = area?.area_id as string;
    app = await buildApp(context);
    analyst = (await signInRoles(app, context, seeded.jurisdiction.id, ['analyst'])).get('analyst') as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('is the same for the same day, and plants medetomidine the week before the spike', () => {
    const again = demoDrugCheckResults(time.now().getTime());
    assert.deepEqual(again.planted, planted);
    assert.equal(again.inputs.length, new Set(again.inputs.map((i) => i.source_id)).size);
    assert.equal(weekStartOf(planted.collectedOn), addDays(weekStartOf(planted.spikeDay), -7));
    // Medetomidine appears nowhere else: in the spike's town it is new.
    assert.deepEqual(
      again.inputs
        .filter((i) => JSON.stringify(i.substances).includes('medetomidine'))
        .map((i) => i.source_id),
      ['demo-medetomidine-before-spike'],
    );
  });

  it("shows a backtest episode of the spike's town on the spike's day corroborated by the medetomidine signal", async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules/backtest',
      headers: { cookie: analyst, origin: OWN_ORIGIN },
      payload: {
        scope: { layer: 'towns', area: spikeArea },
        minimum_count: 3,
        from: addDays(planted.spikeDay, -3),
        to: addDays(planted.spikeDay, 3),
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const episodes = response.json().episodes as {
      start: string;
      end: string;
      corroborated_by: { substance: string; week_start: string; area_id: string }[];
    }[];
    const corroborated = episodes.filter((e) =>
      e.corroborated_by.some(
        (s) =>
          s.substance === 'medetomidine' &&
          s.area_id === spikeArea &&
          s.week_start === weekStartOf(planted.collectedOn),
      ),
    );
    assert.ok(corroborated.length > 0, JSON.stringify(episodes));
  });
});
