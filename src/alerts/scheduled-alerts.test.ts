import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { newId } from '../platform/ids.js';
import { localDateOf } from '../platform/time-zones.js';
import { backtestThresholdRule } from './alert-backtest.js';
import { insertAlertRule } from './alert-repository.js';
import type { AlertRule } from './alert-rule.js';
import { resolveBacktestRange } from './backtest-range.js';
import { ruleSeries } from './rule-series.js';
import { backtestStatisticalRule } from './statistical-backtest.js';
import { isoWeekday, judgePeriods } from './statistical-rule.js';

const DAY = 24 * 3_600_000;
/** Ten weeks of two overdoses a day (noon in New York), 1 September to 9 November 2026. */
const HISTORY_FROM = Date.parse('2026-09-01T16:00:00Z');
const HISTORY_DAYS = 70;
/** 10 November: twelve from EMS. 11 November: six from EMS and six from a hospital. */
const BURST_ONE_SOURCE = '2026-11-10';
const BURST_TWO_SOURCES = '2026-11-11';

describeEachEngine('alerts: statistical rules on a schedule, with corroboration', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdiction: Jurisdiction;
  let ems: Organization;
  let hospital: Organization;
  const rule = (name: string, fields: Partial<AlertRule>): AlertRule => ({
    jurisdictionId: jurisdiction.id,
    id: newId(),
    name,
    scope: {},
    method: 'ears_c2',
    params: null,
    corroboration: 'none',
    secondMethod: null,
    minimumCount: 3,
    coolDownMinutes: 60,
    emailAudiences: { analyst: [], partner: [] },
    webhookUrl: null,
    webhookSecretKeyId: null,
    webhookSecretSealed: null,
    enabled: true,
    createdBy: 'test',
    createdAt: new Date('2026-09-01T00:00:00Z'),
    ...fields,
  });
  const ingest = async (organization: Organization, prefix: string, times: string[]) => {
    const items = times.map((occurred_at, i) => {
      const fields = {
        source_record_id: `${prefix}-${i}`,
        occurred_at,
        latitude: 41.3 + (i % 50) * 0.01,
        // The hospital's far from EMS's, so no report of one is linked to one of the other.
        longitude: (organization === hospital ? -72.3 : -72.9) + Math.floor(i / 50) * 0.01,
      };
      return { raw: fields, fields };
    });
    await ingestReports(context.intake, cliActor, { jurisdiction, organization, channel: 'api', items });
  };
  const burst = (day: string, n: number, firstHour: number) =>
    Array.from({ length: n }, (_, i) => `${day}T${String(firstHour + i).padStart(2, '0')}:30:00Z`);
  let plain: AlertRule;
  let twoSources: AlertRule;

  before(async () => {
    context = await openTestContext(engine);
    ({ jurisdiction, organization: ems } = await seedJurisdiction(context.db));
    hospital = { jurisdictionId: jurisdiction.id, id: newId(), name: 'County Hospital', type: 'hospital' };
    await insertOrganization(context.db, hospital);
    const history: string[] = [];
    for (let d = 0; d < HISTORY_DAYS; d++) {
      for (const h of [0, 3]) history.push(new Date(HISTORY_FROM + d * DAY + h * 3_600_000).toISOString());
    }
    await ingest(ems, 'h', history);
    await ingest(ems, 'b1', burst(BURST_ONE_SOURCE, 12, 11));
    await ingest(ems, 'b2', burst(BURST_TWO_SOURCES, 6, 11));
    await ingest(hospital, 'b2h', burst(BURST_TWO_SOURCES, 6, 12));
    plain = rule('County EARS C2', {});
    twoSources = rule('County EARS C2, two sources', { corroboration: 'two_sources' });
    await insertAlertRule(context.db, plain);
    await insertAlertRule(context.db, twoSources);
    await insertAlertRule(context.db, rule('Switched off', { enabled: false }));
  });

  after(async () => {
    await context.dispose();
  });

  const rangeOf = (from: string, to: string) =>
    resolveBacktestRange(
      { from, to },
      { timeZone: jurisdiction.timeZone, now: new Date(to), newestOverdoseAt: null },
    );
  const alertsOf = (ruleId: string) =>
    context.db.query<{
      window_start: Date;
      window_end: Date;
      last_window_end: Date;
      count: number;
      peak_count: number;
      details: { method: string };
    }>(
      `select window_start, window_end, last_window_end, count, peak_count, details from alerts
       where rule_id = $1 order by window_end`,
      [ruleId],
    );

  it('raises nothing over a quiet history', async () => {
    // Yesterday (in New York) is 9 November, a day like the others.
    assert.deepEqual(await context.scheduledAlerts.runOnce(new Date('2026-11-10T15:00:00Z')), []);
  });

  it('raises one alert for the day of twelve from one source, and not again on the next run', async () => {
    const raised = await context.scheduledAlerts.runOnce(new Date('2026-11-11T15:00:00Z'));
    assert.deepEqual(
      raised.map((a) => a.ruleId),
      [plain.id],
      'the two-source rule is not corroborated by EMS alone',
    );
    const [alert] = await alertsOf(plain.id);
    assert.ok(alert);
    assert.equal(alert.count, 12);
    assert.equal(alert.details.method, 'ears_c2');
    // The window is 10 November in New York (EST, UTC−5).
    assert.equal(new Date(alert.window_start).toISOString(), '2026-11-10T05:00:00.000Z');
    assert.equal(new Date(alert.window_end).toISOString(), '2026-11-11T05:00:00.000Z');
    assert.deepEqual(await context.scheduledAlerts.runOnce(new Date('2026-11-11T16:30:00Z')), []);
    assert.equal((await alertsOf(plain.id)).length, 1);
    assert.equal((await alertsOf(twoSources.id)).length, 0);
  });

  it('raises for the two-source rule when the same burst comes from two source types', async () => {
    await context.scheduledAlerts.runOnce(new Date('2026-11-12T15:00:00Z'));
    const [alert] = await alertsOf(twoSources.id);
    assert.ok(alert);
    assert.equal(alert.count, 12);
    assert.equal(new Date(alert.window_end).toISOString(), '2026-11-12T05:00:00.000Z');
    await context.scheduledAlerts.runOnce(new Date('2026-11-12T16:00:00Z'));
    assert.equal((await alertsOf(twoSources.id)).length, 1);
  });

  it('backtests both rules over the history: the alerts the schedule raised, period by period', async () => {
    const replay = (stored: AlertRule) =>
      backtestStatisticalRule(
        context.db,
        jurisdiction.id,
        { ...stored, method: 'ears_c2' },
        rangeOf('2026-10-01', '2026-11-12T16:00:00Z'),
      );
    for (const stored of [plain, twoSources]) {
      const scheduled = (await alertsOf(stored.id)).map((a) => [
        new Date(a.window_end).toISOString(),
        new Date(a.last_window_end).toISOString(),
        a.count,
        a.peak_count,
      ]);
      assert.ok(scheduled.length > 0);
      const replayed = await replay(stored);
      assert.deepEqual(
        replayed.episodes.map((e) => [e.start, e.end, e.count, e.peak]),
        scheduled,
        stored.name,
      );
      assert.deepEqual(replayed.by_month, [
        { month: '2026-10', episodes: 0 },
        { month: '2026-11', episodes: scheduled.length },
      ]);
    }
    // With a second method, the first method's alerts stay only on the days the second alarms too.
    const strict = await backtestStatisticalRule(
      context.db,
      jurisdiction.id,
      { ...plain, method: 'ears_c2', corroboration: 'second_method', secondMethod: 'essence_switch' },
      rangeOf('2026-10-01', '2026-11-12T16:00:00Z'),
    );
    const series = await ruleSeries(
      context.db,
      { jurisdictionId: jurisdiction.id, scope: {} },
      'day',
      '2026-11-11',
      '2026-11-11',
      72,
    );
    assert.equal(series.starts[0], '2026-09-01');
    const switchAlarms = judgePeriods('essence_switch', null, series.counts, 0, isoWeekday('2026-09-01'));
    const switchAlarmsOn = (windowEnd: string) => {
      const day = localDateOf(new Date(Date.parse(windowEnd) - 1), 'America/New_York');
      return switchAlarms[series.starts.indexOf(day)]?.alarm === true;
    };
    // The days the plain rule signals (its episodes, each day from start to end: an hour of cool-down
    // bridges no day), kept where the switch alarms too, then cut into runs of consecutive days.
    const strictDays: string[] = [];
    for (const e of (await replay(plain)).episodes) {
      for (let end = Date.parse(e.start); end <= Date.parse(e.end); end += DAY) {
        if (switchAlarmsOn(new Date(end).toISOString())) strictDays.push(new Date(end).toISOString());
      }
    }
    const runs: string[][] = [];
    for (const end of strictDays) {
      const run = runs.at(-1);
      if (run && Date.parse(end) - Date.parse(run.at(-1) as string) === DAY) run.push(end);
      else runs.push([end]);
    }
    assert.deepEqual(
      strict.episodes.map((e) => [e.start, e.end]),
      runs.map((run) => [run[0], run.at(-1)]),
    );
  });

  it('backtests a 24-hour rule with two-source corroboration: from the first hour a hospital report joins', async () => {
    const replay = (corroboration: 'none' | 'two_sources') =>
      backtestThresholdRule(
        context.db,
        jurisdiction.id,
        { scope: {}, minimumCount: 3, coolDownMinutes: 60, corroboration },
        rangeOf('2026-11-09T00:00:00Z', '2026-11-13T00:00:00Z'),
      );
    const alone = await replay('none');
    assert.ok(
      alone.episodes[0] && alone.episodes[0].start < '2026-11-11',
      'the EMS burst of the 10th raises',
    );
    const corroborated = await replay('two_sources');
    // The hospital's first report is at 12:30 on the 11th; the window to 13:00 holds EMS's too.
    assert.equal(corroborated.episodes[0]?.start, '2026-11-11T13:00:00.000Z');
    // The hospital's last report is at 17:30 on the 11th: no window ending after 17:00 the next day holds it.
    for (const episode of corroborated.episodes) {
      assert.ok(episode.end <= '2026-11-12T17:00:00.000Z', episode.end);
    }
  });
});
