import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditPublication } from '../disclosure/suppression-auditor.js';
import {
  ageGroupOf,
  countOutcomes,
  hoursToFirstAttempt,
  hoursToFirstContact,
  median,
  type OutcomeCase,
  percentile90,
} from './program-outcomes.js';
import { publishOutcomes } from './program-outcomes-publication.js';

const start = new Date('2026-01-05T00:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);
const DAY_HOURS = 24;

/** A case with nothing recorded yet; each test adds what it needs. */
function blank(fields: Partial<OutcomeCase> = {}): OutcomeCase {
  return {
    personKey: null,
    pathway: null,
    clockStartedAt: start,
    closeReason: null,
    attempts: [],
    visits: [],
    referrals: [],
    overdoseTimes: [start],
    demographics: null,
    ...fields,
  };
}
const reachedAt = (hours: number, materialsLeft = 0) => ({
  attemptedAt: at(hours),
  outcome: 'survivor_reached' as const,
  materialsLeft,
});
const visit = (servicesAccepted: OutcomeCase['visits'][number]['servicesAccepted'], extra = {}) => ({
  servicesAccepted,
  networkReached: 0,
  lawEnforcementPresent: false,
  ...extra,
});

/** Six cases whose funnel is worked out by hand in the test below. */
const sixCases: OutcomeCase[] = [
  // A: tried at 5 h (no answer), reached at 30 h, visited: accepted naloxone and MOUD; referred to
  // MOUD (attended) and housing (still requested). Person p1. Another overdose 20 days later.
  blank({
    personKey: 'p1',
    attempts: [reachedAt(30), { attemptedAt: at(5), outcome: 'no_answer', materialsLeft: 0 }],
    visits: [visit(['naloxone', 'moud'])],
    referrals: [
      { need: 'moud', firstAttendedAt: at(100), status: 'in-progress' },
      { need: 'housing', firstAttendedAt: null, status: 'requested' },
    ],
    overdoseTimes: [start, at(20 * DAY_HOURS)],
    demographics: { race: 'white', ethnicity: 'not_hispanic', sex: 'male', age: 34, ageBand: '30-34' },
  }),
  // B: the same person p1 again, a self-referral reached at 2 h with naloxone handed over (engaged
  // directly without a visit). Its overdose 60 days later repeats within 90 days only.
  blank({
    personKey: 'p1',
    pathway: 'self_referral',
    attempts: [reachedAt(2, 1)],
    overdoseTimes: [start, at(60 * DAY_HOURS)],
  }),
  // C: never tried.
  blank({ personKey: 'p2' }),
  // D: tried at 10 h, declined at 80 h: attempted, refused, not reached.
  blank({
    personKey: 'p3',
    attempts: [
      { attemptedAt: at(80), outcome: 'declined', materialsLeft: 0 },
      { attemptedAt: at(10), outcome: 'wrong_number', materialsLeft: 0 },
    ],
    demographics: { race: 'black', ethnicity: 'not_hispanic', sex: 'female', age: null, ageBand: '50+' },
  }),
  // E: reached at 20 h, a visit with police present where only her sister was reached (nothing
  // accepted): engaged through the network; a referral for food completed.
  blank({
    personKey: null,
    attempts: [reachedAt(20)],
    visits: [visit([], { networkReached: 1, lawEnforcementPresent: true })],
    referrals: [{ need: 'food', firstAttendedAt: null, status: 'completed' }],
    demographics: { race: null, ethnicity: 'hispanic', sex: 'female', age: null, ageBand: '65-69' },
  }),
  // F: reached at 100 h, visited, accepted nothing; closed as declined.
  blank({
    personKey: 'p4',
    closeReason: 'declined',
    attempts: [reachedAt(100)],
    visits: [visit([])],
    demographics: { race: 'white', ethnicity: 'unknown', sex: 'male', age: 24, ageBand: '20-24' },
  }),
];

describe('program outcomes: the definitions', () => {
  it('counts the funnel of six cases as worked out by hand', () => {
    const now = at(200 * DAY_HOURS);
    const counts = countOutcomes({ eligibleOverdoses: 9, cases: sixCases, now });
    // Attempted A B D E F = 5, people among them p1 (A, B), p3, E (nobody named), p4 = 4.
    // Reached A B E F = 4. Engaged directly A (services), B (materials at a reaching attempt) = 2;
    // through the network E = 1; F's visit took nothing. Refused D (declined), F (closed declined).
    assert.deepEqual(
      [
        counts.eligibleOverdoses,
        counts.cases,
        counts.attempted,
        counts.peopleAttempted,
        counts.reached,
        counts.engaged,
        counts.engagedDirectly,
        counts.engagedThroughNetwork,
        counts.refused,
      ],
      [9, 6, 5, 4, 4, 3, 2, 1, 2],
    );
    const service = (name: string) => counts.servicesDelivered.find((s) => s.service === name)?.cases;
    assert.deepEqual([service('naloxone'), service('moud'), service('housing')], [1, 1, 0]);
    const need = (name: string) => counts.referrals.find((r) => r.need === name);
    assert.deepEqual(need('moud'), { need: 'moud', made: 1, attended: 1 });
    assert.deepEqual(need('housing'), { need: 'housing', made: 1, attended: 0 });
    assert.deepEqual(need('food'), { need: 'food', made: 1, attended: 1 }, 'completed counts as attended');
    // First attempts: A 5, B 2, D 10, E 20, F 100 → within 72 h: 4 of the 6 settled cases (C never).
    assert.deepEqual(sixCases.map(hoursToFirstAttempt), [5, 2, null, 10, 20, 100]);
    assert.deepEqual(counts.firstAttempt.within72h, { count: 4, of: 6 });
    // First contacts: A 30, B 2, E 20, F 100 → within 72 h: 3 of 6.
    assert.deepEqual(sixCases.map(hoursToFirstContact), [30, 2, null, null, 20, 100]);
    assert.deepEqual(counts.firstContact.within72h, { count: 3, of: 6 });
    // Engaged A B E: A repeats at day 20 (within 30 and 90), B at day 60 (within 90 only).
    assert.deepEqual(counts.repeatOverdose, [
      { days: 30, engaged: { count: 1, of: 3 }, notEngaged: { count: 0, of: 3 } },
      { days: 90, engaged: { count: 2, of: 3 }, notEngaged: { count: 0, of: 3 } },
    ]);
    const group = (dimension: keyof typeof counts.breakdowns, name: string) =>
      counts.breakdowns[dimension].find((g) => g.group === name);
    assert.deepEqual(group('race', 'white'), {
      group: 'white',
      cases: 2,
      reached: 2,
      engaged: 1,
      refused: 1,
    });
    // B and C have no demographics, E no race: unknown.
    assert.deepEqual(group('race', 'unknown'), {
      group: 'unknown',
      cases: 3,
      reached: 2,
      engaged: 2,
      refused: 0,
    });
    // A 34 → 25-34, F 24 → under 25, E 65-69 → 65+, D "50+" spans two groups → unknown.
    assert.deepEqual(
      counts.breakdowns.age_group.map((g) => [g.group, g.cases]),
      [
        ['under_25', 1],
        ['25_34', 1],
        ['35_44', 0],
        ['45_54', 0],
        ['55_64', 0],
        ['65_and_over', 1],
        ['unknown', 3],
      ],
    );
    assert.deepEqual(
      counts.breakdowns.team_composition.map((g) => [g.group, g.cases, g.engaged]),
      [
        ['law_enforcement_present', 1, 1],
        ['no_law_enforcement', 2, 1],
        ['no_visit', 3, 1],
      ],
    );
    assert.deepEqual(group('pathway', 'self_referral'), {
      group: 'self_referral',
      cases: 1,
      reached: 1,
      engaged: 1,
      refused: 0,
    });
  });

  it('leaves out of a share the cases whose window is not over yet', () => {
    // Computed 50 h after the clock: B (2 h), D (10 h), E (20 h), A (5 h) are settled as within;
    // C and F, neither attempted within 50 h, are not settled.
    const counts = countOutcomes({ eligibleOverdoses: 0, cases: sixCases, now: at(50) });
    assert.deepEqual(counts.firstAttempt.within72h, { count: 4, of: 4 });
    // No case has had 30 days of follow-up yet.
    assert.deepEqual(counts.repeatOverdose[0], {
      days: 30,
      engaged: { count: 0, of: 0 },
      notEngaged: { count: 0, of: 0 },
    });
  });

  it('takes the median and the nearest-rank 90th percentile', () => {
    assert.equal(median([5, 2, 10, 20, 100]), 10);
    assert.equal(median([2, 5, 10, 20]), 7.5);
    assert.equal(median([]), null);
    // ⌈0.9 × 5⌉ = 5th smallest; ⌈0.9 × 10⌉ = 9th; ⌈0.9 × 11⌉ = 10th.
    assert.equal(percentile90([5, 2, 10, 20, 100]), 100);
    assert.equal(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 9);
    assert.equal(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 10);
    assert.equal(percentile90([]), null);
  });

  it('puts an age band in a group only when it lies wholly inside it', () => {
    const band = (ageBand: string) =>
      ageGroupOf({ race: null, ethnicity: null, sex: null, age: null, ageBand });
    assert.deepEqual(['20-24', '25-29', '45-49', '50-54', '60-64', '85+', '50+', '55+', '100+'].map(band), [
      'under_25',
      '25_34',
      '45_54',
      '45_54',
      '55_64',
      '65_and_over',
      'unknown',
      'unknown',
      '65_and_over',
    ]);
    assert.equal(ageGroupOf(null), 'unknown');
  });
});

describe('program outcomes: publication', () => {
  it('suppresses every small count of a small program, and its statistics with them', () => {
    const published = publishOutcomes(
      countOutcomes({ eligibleOverdoses: 9, cases: sixCases, now: at(200 * DAY_HOURS) }),
      null,
    );
    for (const c of [published.cases, published.attempted, published.reached, published.engaged.total]) {
      assert.deepEqual(c, { value: null, suppressed: true });
    }
    assert.equal(published.hoursToFirstAttempt.median, null);
    assert.equal(published.hoursToFirstAttempt.p90, null);
    assert.equal(published.coerciveActs, null, 'unknown without the register, not zero');
    // Every figure published is 0, 10 or more, or hidden; and the auditor narrows none.
    for (const table of published.tables) {
      for (const value of table.cells.flat()) assert.ok(value === null || value === 0 || value >= 10);
    }
    assert.equal(
      auditPublication({ tables: published.tables, relations: [] }, 10, { exact: true }).passed,
      true,
    );
  });

  it('hides a small remainder of two nested counts in every row, not only in the totals', () => {
    // 40 cases, all tried at 4 h. White: 15 cases, 12 reached (3 not reached); black: 25, all reached.
    const cases: OutcomeCase[] = Array.from({ length: 40 }, (_, i) =>
      blank({
        personKey: `p${i}`,
        attempts:
          i < 15 && i >= 12
            ? [{ attemptedAt: at(4), outcome: 'no_answer', materialsLeft: 0 }]
            : [reachedAt(4)],
        demographics: {
          race: i < 15 ? 'white' : 'black',
          ethnicity: null,
          sex: null,
          age: null,
          ageBand: null,
        },
      }),
    );
    const published = publishOutcomes(countOutcomes({ eligibleOverdoses: 50, cases, now: at(2000) }), null);
    const white = published.breakdowns.race.find((g) => g.group === 'white');
    assert.ok(white?.cases.suppressed || white?.reached.suppressed, 'white cases − reached = 3 would show');
    assert.deepEqual(published.cases, { value: 40, suppressed: false });
    assert.deepEqual(published.hoursToFirstAttempt.median, 4);
  });

  it('counts coercive acts through the disclosure module when the register answers', () => {
    const published = publishOutcomes(countOutcomes({ eligibleOverdoses: 0, cases: [], now: start }), {
      warrant_check: 0,
      arrest: 12,
      involuntary_commitment_petition: 2,
    });
    assert.deepEqual(published.coerciveActs, {
      warrantCheck: { value: 0, suppressed: false },
      arrest: { value: 12, suppressed: false },
      involuntaryCommitmentPetition: { value: null, suppressed: true },
    });
  });
});
