import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CaseFacts,
  countCases,
  hoursToFirstAttempt,
  hoursToFirstContact,
  median,
  responseHours,
} from './program-metrics.js';
import { publishMetrics } from './program-metrics-publication.js';

const start = new Date('2026-01-05T00:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);

/** Five cases whose metrics are worked out by hand below. */
const fiveCases: CaseFacts[] = [
  // Tried at 5 h, reached at 30 h, visited once.
  {
    pathway: null,
    clockStartedAt: start,
    attempts: [
      { attemptedAt: at(30), outcome: 'survivor_reached' },
      { attemptedAt: at(5), outcome: 'no_answer' },
    ],
    visits: 1,
  },
  // A self-referral reached at the first call, 2 h in; no visit.
  {
    pathway: 'self_referral',
    clockStartedAt: start,
    attempts: [{ attemptedAt: at(2), outcome: 'survivor_reached' }],
    visits: 0,
  },
  // Never tried.
  { pathway: null, clockStartedAt: start, attempts: [], visits: 0 },
  // Tried at 10 h (listed second) and declined at 50 h: attempted, not reached.
  {
    pathway: null,
    clockStartedAt: start,
    attempts: [
      { attemptedAt: at(50), outcome: 'declined' },
      { attemptedAt: at(10), outcome: 'wrong_number' },
    ],
    visits: 0,
  },
  // Active outreach reached at 20 h, visited twice.
  {
    pathway: 'active_outreach',
    clockStartedAt: start,
    attempts: [{ attemptedAt: at(20), outcome: 'survivor_reached' }],
    visits: 2,
  },
];

describe('program metrics', () => {
  it('counts cases attempted, reached and engaged as defined', () => {
    assert.deepEqual(countCases(fiveCases), { cases: 5, attempted: 4, reached: 3, engaged: 2 });
    assert.deepEqual(countCases([]), { cases: 0, attempted: 0, reached: 0, engaged: 0 });
  });

  it('measures the hours to the first attempt and to the first contact from the earliest one', () => {
    assert.deepEqual(fiveCases.map(hoursToFirstAttempt), [5, 2, null, 10, 20]);
    assert.deepEqual(fiveCases.map(hoursToFirstContact), [30, 2, null, null, 20]);
    const hours = responseHours(fiveCases);
    // First attempts 2, 5, 10, 20: the median is (5 + 10) / 2; first contacts 2, 20, 30: 20.
    assert.equal(median(hours.firstAttempt), 7.5);
    assert.equal(median(hours.firstContact), 20);
    assert.equal(median([]), null);
    assert.equal(median([4]), 4);
  });

  it('suppresses every count of a small program, and its medians with them', () => {
    const published = publishMetrics(fiveCases);
    assert.deepEqual(
      [published.cases, published.attempted, published.reached, published.engaged],
      [null, null, null, null],
    );
    assert.deepEqual(published.hoursToFirstAttempt, { median: null, n: null });
    assert.deepEqual(published.hoursToFirstContact, { median: null, n: null });
    assert.ok(
      published.byPathway.every((row) => [row.cases, row.attempted].every((v) => v === null || v === 0)),
    );
  });

  it('shows the counts of 10 or more, and hides a small pathway with a second cell so it cannot be subtracted out', () => {
    // 30 cases from overdoses, all tried at 4 h; 18 reached at 6 h, 10 of them visited.
    const overdoses: CaseFacts[] = Array.from({ length: 30 }, (_, i) => ({
      pathway: null,
      clockStartedAt: start,
      attempts: [
        { attemptedAt: at(4), outcome: 'no_answer' },
        ...(i < 18 ? [{ attemptedAt: at(6), outcome: 'survivor_reached' as const }] : []),
      ],
      visits: i < 10 ? 1 : 0,
    }));
    // 3 self-referrals reached within the hour, none visited.
    const referrals: CaseFacts[] = Array.from({ length: 3 }, () => ({
      pathway: 'self_referral',
      clockStartedAt: start,
      attempts: [{ attemptedAt: at(1), outcome: 'survivor_reached' }],
      visits: 0,
    }));
    const published = publishMetrics([...overdoses, ...referrals]);
    assert.deepEqual(
      [published.cases, published.attempted, published.reached, published.engaged],
      [33, 33, 21, 10],
    );
    // First attempts: 30 at 4 h and 3 at 1 h; first contacts: 18 at 6 h and 3 at 1 h.
    assert.deepEqual(published.hoursToFirstAttempt, { median: 4, n: 33 });
    assert.deepEqual(published.hoursToFirstContact, { median: 6, n: 21 });
    const row = (pathway: string | null) => published.byPathway.find((r) => r.pathway === pathway);
    assert.deepEqual(row('self_referral'), {
      pathway: 'self_referral',
      cases: null,
      attempted: null,
      reached: null,
      engaged: 0,
    });
    // The overdoses' row would give the self-referrals away by subtraction from the totals.
    assert.deepEqual(row(null), { pathway: null, cases: null, attempted: null, reached: null, engaged: 10 });
    assert.deepEqual(row('naloxone_plus'), {
      pathway: 'naloxone_plus',
      cases: 0,
      attempted: 0,
      reached: 0,
      engaged: 0,
    });
    assert.equal(published.suppressedCells, 6);
  });

  it('never shows two nested counts whose difference is small: 15 cases of which 3 were never tried', () => {
    const cases: CaseFacts[] = Array.from({ length: 15 }, (_, i) => ({
      pathway: null,
      clockStartedAt: start,
      attempts: i < 12 ? [{ attemptedAt: at(6), outcome: 'survivor_reached' }] : [],
      visits: i < 12 ? 1 : 0,
    }));
    assert.deepEqual(countCases(cases), { cases: 15, attempted: 12, reached: 12, engaged: 12 });
    const published = publishMetrics(cases);
    assert.ok(published.cases === null || published.attempted === null, 'cases − attempted = 3 would show');
    assert.ok(published.cases === null || published.engaged === null, 'cases − engaged = 3 would show');
  });
});
