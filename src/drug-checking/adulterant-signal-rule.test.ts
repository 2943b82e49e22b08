import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays } from '../platform/calendar-days.js';
import { adulterantSignalFindings, corroborationWeeks, historyStart } from './adulterant-signal-rule.js';
import { weekStartOf } from './drug-check-week.js';

const W0 = '2026-11-01'; // a Sunday
const week = (n: number) => addDays(W0, 7 * n);
const count = (weeksFromW0: number, results: number, substance = 'medetomidine', areaId = 'Hartford') => ({
  layerId: 'towns',
  areaId,
  weekStart: week(weeksFromW0),
  substance,
  results,
});

describe('the adulterant signal rule (hand-made cases)', () => {
  it('signals a substance new to an area, once, in its first week only', () => {
    const findings = adulterantSignalFindings([count(0, 1), count(1, 1)], week(-4), week(1));
    assert.deepEqual(
      findings.map((f) => [f.weekStart, f.substance, f.firstSeenInArea, f.results]),
      [[W0, 'medetomidine', true, 1]],
    );
  });

  it('counts an area as new to a substance again after 26 empty weeks, but not after 25', () => {
    const after26 = adulterantSignalFindings([count(-27, 1), count(0, 1)], week(-1), week(0));
    assert.equal(after26.length, 1);
    assert.equal(after26[0]?.firstSeenInArea, true);
    const after25 = adulterantSignalFindings([count(-26, 1), count(0, 1)], week(-1), week(0));
    assert.deepEqual(after25, []);
  });

  it('judges each area on its own: a substance known in one town is new in another', () => {
    const findings = adulterantSignalFindings(
      [
        count(-3, 2, 'xylazine', 'Hartford'),
        count(0, 1, 'xylazine', 'Hartford'),
        count(0, 1, 'xylazine', 'Bristol'),
      ],
      W0,
      W0,
    );
    assert.deepEqual(
      findings.map((f) => [f.areaId, f.firstSeenInArea]),
      [['Bristol', true]],
    );
  });

  it('signals a rise of at least 3 results and twice the 8-week mean, and not below either', () => {
    // Baseline: 8 results over the 8 weeks before = 1 a week.
    const steady = [-8, -7, -6, -5, -4, -3, -2, -1].map((n) => count(n, 1, 'fentanyl'));
    const rise = adulterantSignalFindings([...steady, count(0, 3, 'fentanyl')], W0, W0);
    assert.equal(rise.length, 1);
    assert.deepEqual([rise[0]?.firstSeenInArea, rise[0]?.baseline, rise[0]?.results], [false, 1, 3]);
    // Twice the baseline but under 3 results; 3 results but under twice a baseline of 2.
    assert.deepEqual(adulterantSignalFindings([...steady, count(0, 2, 'fentanyl')], W0, W0), []);
    const higher = [-8, -7, -6, -5, -4, -3, -2, -1].map((n) => count(n, 2, 'fentanyl'));
    assert.deepEqual(adulterantSignalFindings([...higher, count(0, 3, 'fentanyl')], W0, W0), []);
    assert.equal(adulterantSignalFindings([...higher, count(0, 4, 'fentanyl')], W0, W0).length, 1);
  });

  it('lists the newest week first, then area and substance, for weeks in the range only', () => {
    const findings = adulterantSignalFindings(
      [
        count(-2, 1, 'xylazine', 'Bristol'),
        count(0, 1, 'nitazene', 'Hartford'),
        count(0, 1, 'medetomidine', 'Hartford'),
        count(2, 1, 'heroin'),
      ],
      week(-2),
      W0,
    );
    assert.deepEqual(
      findings.map((f) => `${f.weekStart} ${f.areaId} ${f.substance}`),
      [`${W0} Hartford medetomidine`, `${W0} Hartford nitazene`, `${week(-2)} Bristol xylazine`],
    );
  });

  it('asks for the 26 weeks of history before the first week judged', () => {
    assert.equal(historyStart(W0), week(-26));
  });

  it("corroborates with the episode's weeks and the two weeks before", () => {
    // An episode from Wednesday to the next Monday spans two weeks.
    assert.deepEqual(corroborationWeeks('2026-11-04', '2026-11-09', weekStartOf), {
      fromWeek: week(-2),
      toWeek: week(1),
    });
  });
});
