import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluationHours, monthsBetween, replayHourly } from './alert-backtest.js';
import { mayTransition } from './alert-rule.js';
import { decideThreshold, WINDOWS } from './threshold-decision.js';

const HOUR = 3_600_000;
const AT = Date.parse('2026-11-21T12:00:00Z');
const rule = { minimumCount: 3, coolDownMinutes: 60 };
const counts = (current: number, earlier: number[] = Array(WINDOWS - 1).fill(1)) => [current, ...earlier];

describe('decideThreshold', () => {
  it('raises a count above the recurring threshold and at least the minimum', () => {
    assert.deepEqual(decideThreshold({ at: AT, windowCounts: counts(3), ...rule, lastRaisedAt: null }), {
      raise: true,
      count: 3,
      threshold: 1,
      reason: 'raised',
    });
  });

  it('takes the second-highest earlier count as the threshold: one unusual day does not raise it', () => {
    const earlier = [9, ...Array(WINDOWS - 2).fill(1)];
    assert.equal(
      decideThreshold({ at: AT, windowCounts: counts(3, earlier), ...rule, lastRaisedAt: null }).raise,
      true,
    );
    const twice = [9, 4, ...Array(WINDOWS - 3).fill(1)];
    const decision = decideThreshold({ at: AT, windowCounts: counts(4, twice), ...rule, lastRaisedAt: null });
    assert.deepEqual(decision, { raise: false, count: 4, threshold: 4, reason: 'not_above_threshold' });
  });

  it('raises nothing under the minimum, even above the threshold', () => {
    const decision = decideThreshold({
      at: AT,
      windowCounts: counts(2, Array(30).fill(0)),
      ...rule,
      lastRaisedAt: null,
    });
    assert.deepEqual(decision, { raise: false, count: 2, threshold: null, reason: 'under_minimum' });
  });

  it('raises nothing within the cool-down of the last alert, and again at its end', () => {
    const at = (lastRaisedAt: number) =>
      decideThreshold({ at: AT, windowCounts: counts(5), ...rule, lastRaisedAt }).reason;
    assert.equal(at(AT - 59 * 60_000), 'cooling_down');
    assert.equal(at(AT - 60 * 60_000), 'raised');
  });
});

describe('alert lifecycle transitions', () => {
  it('allows new → acknowledged → responding → closed and closing early, nothing else', () => {
    const allowed = new Set([
      'new>acknowledged',
      'acknowledged>responding',
      'responding>closed',
      'new>closed',
      'acknowledged>closed',
    ]);
    const statuses = ['new', 'acknowledged', 'responding', 'closed'] as const;
    for (const from of statuses) {
      for (const to of statuses)
        assert.equal(mayTransition(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
    }
  });
});

describe('backtest replay', () => {
  it('evaluates at the end of every whole hour of the range', () => {
    assert.deepEqual(evaluationHours(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T03:00:00Z')), {
      first: Date.parse('2026-01-01T01:00:00Z'),
      hours: 3,
    });
    assert.deepEqual(
      evaluationHours(new Date('2026-01-01T00:30:00Z'), new Date('2026-01-01T00:59:00Z')).hours,
      0,
    );
  });

  it('slides 24-hour windows over hourly counts, with the cool-down in simulated time', () => {
    // 40 days of one overdose a day at hour 12, then 4 in hour 100 of the last 10 days.
    const days = 40;
    const hourly = new Array<number>(days * 24).fill(0);
    for (let d = 0; d < days; d++) hourly[d * 24 + 12] = 1;
    const burstHour = 31 * 24 + 100;
    hourly[burstHour] = (hourly[burstHour] ?? 0) + 4;
    // The base is first − 744 h, so hour j ends at first + (j − 744) h.
    const first = AT;
    const hours = days * 24 - 31 * 24 + 1;
    const endOfHour = (j: number) => first + (j + 1 - 31 * 24) * HOUR;
    const everyHour = replayHourly(hourly, first, hours, { minimumCount: 3, coolDownMinutes: 60 });
    assert.equal(everyHour.length, 24);
    assert.deepEqual(everyHour[0], { windowEnd: endOfHour(burstHour), count: 5, threshold: 1 });
    const once = replayHourly(hourly, first, hours, { minimumCount: 3, coolDownMinutes: 24 * 60 });
    assert.deepEqual(once, [everyHour[0]]);
  });

  it('raises under two-source corroboration only for windows that hold two source types', () => {
    // A quiet history of one a day from EMS, then a burst of 4 from EMS at hour 100 of the last ten
    // days, and one from a hospital 10 hours later.
    const days = 40;
    const ems = new Array<number>(days * 24).fill(0);
    const hospital = new Array<number>(days * 24).fill(0);
    for (let d = 0; d < days; d++) ems[d * 24 + 12] = 1;
    const burstHour = 31 * 24 + 100;
    ems[burstHour] = (ems[burstHour] ?? 0) + 4;
    hospital[burstHour + 10] = 1;
    const all = ems.map((n, j) => n + (hospital[j] ?? 0));
    const hours = days * 24 - 31 * 24 + 1;
    const endOfHour = (j: number) => AT + (j + 1 - 31 * 24) * HOUR;
    const rule = { minimumCount: 3, coolDownMinutes: 60 };
    const alone = replayHourly(all, AT, hours, rule);
    assert.equal(alone[0]?.windowEnd, endOfHour(burstHour), 'the EMS burst alone raises');
    const corroborated = replayHourly(all, AT, hours, { ...rule, corroboration: 'two_sources' }, [
      ems,
      hospital,
    ]);
    // Every hour from the hospital report's to the last whose window still holds the burst.
    assert.deepEqual(
      corroborated.map((a) => a.windowEnd),
      Array.from({ length: 14 }, (_, i) => endOfHour(burstHour + 10 + i)),
    );
  });

  it('names the months of the windows ending between two instants in a time zone', () => {
    const t = (s: string) => Date.parse(s);
    // The window ending at midnight on 1 February is the last hour of January.
    assert.deepEqual(monthsBetween(t('2026-11-01T01:00:00Z'), t('2027-02-01T00:00:00Z'), 'UTC'), [
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    assert.deepEqual(
      monthsBetween(t('2026-11-01T01:00:00Z'), t('2026-11-02T00:00:00Z'), 'America/New_York'),
      ['2026-10', '2026-11'],
    );
  });
});
