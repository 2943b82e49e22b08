import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { newId } from '../platform/ids.js';
import { backtestThresholdRule } from './alert-backtest.js';
import { insertAlertRule, listDeliveries } from './alert-repository.js';
import type { AlertRule } from './alert-rule.js';
import { resolveBacktestRange } from './backtest-range.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The first spike's evaluation: nine overdoses in the hour before, over a recurrence threshold of 7. */
const SPIKE = Date.parse('2026-11-21T17:00:00Z');

// The case: a count of 9 over a threshold of 7 with a 6-hour cool-down alerted at 17:00,
// 23:00, 05:00 and 11:00. Live, it is one episode, continued while the spike stays in the window.
describeEachEngine('alerts: one episode per spike on the live path', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  let now = SPIKE;
  let rule: AlertRule;

  const ingest = async (prefix: string, times: number[]) => {
    const items = times.map((t, i) => {
      const fields = {
        source_record_id: `${prefix}-${i}`,
        occurred_at: new Date(t).toISOString(),
        latitude: 41.3 + i * 0.01,
        longitude: -72.9,
      };
      return { raw: fields, fields };
    });
    await ingestReports(context.intake, cliActor, { jurisdiction, organization, channel: 'api', items });
    // As the live feed would after the commit.
    await context.alerts.evaluate(jurisdiction.id);
  };
  const alerts = () =>
    context.db.query<{
      id: string;
      window_end: Date;
      count: number;
      threshold: number;
      peak_count: number;
      last_window_end: Date;
      ended_at: Date | null;
    }>(
      `select id, window_end, count, threshold, peak_count, last_window_end, ended_at from alerts
       where rule_id = $1 order by raised_at`,
      [rule.id],
    );
  const evaluateAt = async (t: number) => {
    now = t;
    return context.alerts.evaluate(jurisdiction.id);
  };

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => new Date(now) } });
    ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    // 30 earlier 24-hour windows: seven overdoses in each of two of them, one in the others, so the
    // recurrence threshold is 7.
    const history: number[] = [];
    for (let k = 1; k <= 40; k++) {
      const n = k === 3 || k === 9 ? 7 : 1;
      for (let i = 0; i < n; i++) history.push(SPIKE - k * DAY - 12 * HOUR + i * 60_000);
    }
    await ingest('h', history);
    rule = {
      jurisdictionId: jurisdiction.id,
      id: newId(),
      name: 'County spike',
      scope: {},
      method: 'threshold_24h',
      params: null,
      corroboration: 'none',
      secondMethod: null,
      minimumCount: 5,
      coolDownMinutes: 360,
      emailAudiences: { analyst: ['epi@health.test'], partner: [] },
      webhookUrl: null,
      webhookSecretKeyId: null,
      webhookSecretSealed: null,
      enabled: true,
      createdBy: 'test',
      createdAt: new Date(SPIKE - 60 * DAY),
    };
    await insertAlertRule(context.db, rule);
  });

  after(async () => {
    await context.dispose();
  });

  it('opens one alert for the spike, continues it every evaluation the spike stays, and ends it after', async () => {
    now = SPIKE;
    await ingest(
      'spike',
      Array.from({ length: 9 }, (_, i) => SPIKE - HOUR + i * 60_000),
    );
    const [opened] = await alerts();
    assert.ok(opened, 'the spike opens an alert');
    assert.deepEqual([opened.count, opened.threshold, new Date(opened.window_end).getTime()], [9, 8, SPIKE]);
    // 23:00, 05:00 and 11:00: the spike is still in the window; before, each raised a new alert.
    for (const hours of [6, 12, 18]) assert.deepEqual(await evaluateAt(SPIKE + hours * HOUR), []);
    let [episode] = await alerts();
    assert.equal((await alerts()).length, 1);
    assert.equal(new Date(episode?.last_window_end as Date).getTime(), SPIKE + 18 * HOUR);
    assert.equal(episode?.ended_at, null);
    // A tenth overdose while it is open raises its peak, and nobody is told again.
    now = SPIKE + 20 * HOUR;
    await ingest('late', [SPIKE + 20 * HOUR - 60_000]);
    [episode] = await alerts();
    assert.equal(episode?.peak_count, 10);
    assert.equal((await listDeliveries(context.db, jurisdiction.id, opened.id)).length, 1);
    // A day after the spike it has left the window: the episode ends.
    await evaluateAt(SPIKE + 24 * HOUR);
    [episode] = await alerts();
    assert.equal(new Date(episode?.ended_at as Date).getTime(), SPIKE + 24 * HOUR);
  });

  it('opens a new alert for the next spike, and the backtest finds the same starts', async () => {
    const next = SPIKE + 3 * DAY;
    now = next;
    await ingest(
      'next',
      Array.from({ length: 9 }, (_, i) => next - HOUR + i * 60_000),
    );
    const live = await alerts();
    assert.deepEqual(
      live.map((a) => new Date(a.window_end).toISOString()),
      [new Date(SPIKE).toISOString(), new Date(next).toISOString()],
    );
    const replayed = await backtestThresholdRule(
      context.db,
      jurisdiction.id,
      rule,
      resolveBacktestRange(
        { from: new Date(SPIKE - 2 * DAY).toISOString(), to: new Date(next + HOUR).toISOString() },
        { timeZone: jurisdiction.timeZone, now: new Date(next + HOUR), newestOverdoseAt: null },
      ),
    );
    assert.deepEqual(
      replayed.episodes.map((e) => [e.start, e.count, e.threshold]),
      live.map((a) => [new Date(a.window_end).toISOString(), a.count, a.threshold]),
    );
  });
});
