import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluationHours, monthsBetween, replayHourly } from './alert-backtest.js';
import { mayTransition } from './alert-rule.js';
import { appliedThreshold, decideThreshold, stepEpisode, WINDOWS } from './threshold-decision.js';

const HOUR = 3_600_000;
const AT = Date.parse('2026-11-21T12:00:00Z');
const rule = { minimumCount: 3, coolDownMinutes: 60 };
const counts = (current: number, earlier: number[] = Array(WINDOWS - 1).fill(1)) => [current, ...earlier];

describe('decideThreshold', () => {
  it('opens an episode for a count above the recurring threshold and at least the minimum', () => {
    assert.deepEqual(decideThreshold({ at: AT, windowCounts: counts(3), ...rule, episode: null }), {
      step: 'open',
      raise: true,
      count: 3,
      // The recurrence threshold is 1 (a count of 2 would do), the minimum 3: the minimum applies.
      threshold: 3,
      recurrenceThreshold: 1,
      reason: 'signal',
    });
    const high = decideThreshold({
      at: AT,
      windowCounts: counts(9, [7, 7, ...Array(WINDOWS - 3).fill(1)]),
      ...rule,
      episode: null,
    });
    assert.deepEqual([high.recurrenceThreshold, high.threshold], [7, 8]);
  });

  it('takes the second-highest earlier count as the threshold: one unusual day does not raise it', () => {
    const earlier = [9, ...Array(WINDOWS - 2).fill(1)];
    assert.equal(
      decideThreshold({ at: AT, windowCounts: counts(3, earlier), ...rule, episode: null }).raise,
      true,
    );
    const twice = [9, 4, ...Array(WINDOWS - 3).fill(1)];
    const decision = decideThreshold({ at: AT, windowCounts: counts(4, twice), ...rule, episode: null });
    assert.deepEqual(decision, {
      step: 'none',
      raise: false,
      count: 4,
      threshold: 5,
      recurrenceThreshold: 4,
      reason: 'not_above_threshold',
    });
  });

  it('raises nothing under the minimum, even above the threshold', () => {
    const decision = decideThreshold({
      at: AT,
      windowCounts: counts(2, Array(30).fill(0)),
      ...rule,
      episode: null,
    });
    assert.deepEqual(decision, {
      step: 'none',
      raise: false,
      count: 2,
      threshold: null,
      recurrenceThreshold: null,
      reason: 'under_minimum',
    });
  });

  it('continues an open episode while the signal persists, and ends it when it falls back', () => {
    const open = { lastSignalAt: AT - 6 * HOUR, endedAt: null };
    assert.equal(
      decideThreshold({ at: AT, windowCounts: counts(5), ...rule, episode: open }).step,
      'continue',
    );
    assert.equal(decideThreshold({ at: AT, windowCounts: counts(1), ...rule, episode: open }).step, 'end');
    const ended = { lastSignalAt: AT - 6 * HOUR, endedAt: AT - 5 * HOUR };
    assert.equal(decideThreshold({ at: AT, windowCounts: counts(1), ...rule, episode: ended }).step, 'none');
  });

  it('lets a signal back within the cool-down after an episode ended continue it, and opens one after', () => {
    const endedAgo = (minutes: number) => ({ lastSignalAt: AT - 2 * HOUR, endedAt: AT - minutes * 60_000 });
    const step = (minutes: number) =>
      decideThreshold({ at: AT, windowCounts: counts(5), ...rule, episode: endedAgo(minutes) }).step;
    assert.equal(step(59), 'continue');
    assert.equal(step(60), 'open');
  });
});

describe('stepEpisode', () => {
  it('opens, continues, ends, or does nothing', () => {
    const cool = { at: AT, coolDownMinutes: 60 };
    assert.equal(stepEpisode({ ...cool, signal: true, episode: null }), 'open');
    assert.equal(stepEpisode({ ...cool, signal: false, episode: null }), 'none');
    const open = { lastSignalAt: AT - HOUR, endedAt: null };
    assert.equal(stepEpisode({ ...cool, signal: true, episode: open }), 'continue');
    assert.equal(stepEpisode({ ...cool, signal: false, episode: open }), 'end');
  });

  it('leaves alone an episode that a later evaluation already moved (a stale evaluation)', () => {
    // An evaluation of 20:00 that waited for the rule's lock while one of 24:00 ended the episode
    // must not reopen it: it would then swallow the next spike as a "continuation".
    const ended = { lastSignalAt: AT - 4 * HOUR, endedAt: AT };
    assert.equal(
      stepEpisode({ at: AT - 4 * HOUR, coolDownMinutes: 360, signal: true, episode: ended }),
      'none',
    );
    const open = { lastSignalAt: AT, endedAt: null };
    assert.equal(stepEpisode({ at: AT - HOUR, coolDownMinutes: 360, signal: false, episode: open }), 'none');
    assert.equal(stepEpisode({ at: AT, coolDownMinutes: 360, signal: true, episode: open }), 'continue');
  });

  it('applies the threshold that applied: above the method and at least the minimum', () => {
    assert.equal(appliedThreshold(0, 5), 5);
    assert.equal(appliedThreshold(7, 5), 8);
    assert.equal(appliedThreshold(null, 5), 5);
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

  it('slides 24-hour windows over hourly counts: one episode per spike, the cool-down in simulated time', () => {
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
    // The burst stays in the 24-hour window for 24 hourly evaluations: one episode over all of them,
    // whatever the cool-down (one alert every cool-down before).
    for (const coolDownMinutes of [60, 360, 24 * 60]) {
      assert.deepEqual(replayHourly(hourly, first, hours, { minimumCount: 3, coolDownMinutes }), [
        {
          start: endOfHour(burstHour),
          end: endOfHour(burstHour + 23),
          count: 5,
          peak: 5,
          threshold: 3,
        },
      ]);
    }
    // A second burst 30 hours after the first fell back opens a second episode with a short
    // cool-down, and continues the first with a cool-down longer than the quiet gap.
    hourly[burstHour + 54] = (hourly[burstHour + 54] ?? 0) + 4;
    const short = replayHourly(hourly, first, hours, { minimumCount: 3, coolDownMinutes: 60 });
    assert.deepEqual(
      short.map((e) => [e.start, e.end]),
      [
        [endOfHour(burstHour), endOfHour(burstHour + 23)],
        [endOfHour(burstHour + 54), endOfHour(burstHour + 77)],
      ],
    );
    const long = replayHourly(hourly, first, hours, { minimumCount: 3, coolDownMinutes: 48 * 60 });
    assert.deepEqual(
      long.map((e) => [e.start, e.end]),
      [[endOfHour(burstHour), endOfHour(burstHour + 77)]],
    );
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
    assert.equal(alone[0]?.start, endOfHour(burstHour), 'the EMS burst alone raises');
    const corroborated = replayHourly(all, AT, hours, { ...rule, corroboration: 'two_sources' }, [
      ems,
      hospital,
    ]);
    // One episode from the hospital report's hour to the last whose window still holds the burst.
    assert.deepEqual(
      corroborated.map((e) => [e.start, e.end]),
      [[endOfHour(burstHour + 10), endOfHour(burstHour + 23)]],
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
