import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../audit-chain.js';
import { findBrokenGlasses, findManyPersonReads, findOutOfHoursReads, localTime } from './unusual-reads.js';

let seq = 0;
/** A hand-made entry: a user's read at an instant. */
function entry(at: string, fields: Partial<AuditEntry> = {}): AuditEntry {
  seq++;
  return {
    jurisdictionId: 'j',
    seq,
    at: new Date(at),
    actorType: 'user',
    actorId: 'u1',
    action: 'person.read',
    subjectType: 'person',
    subjectId: `p${seq}`,
    purpose: 'treatment',
    details: {},
    prevHash: '',
    hash: '',
    ...fields,
  };
}

const NEW_YORK = 'America/New_York';

describe('unusual reads: many persons in an hour', () => {
  it('reports a user past the limit within any 60 minutes, once a day, and nobody at the limit', () => {
    seq = 0;
    // u1 reads 4 persons between 14:00 and 14:45 UTC; u2 reads 3, one of them twice.
    const entries = [
      entry('2025-03-10T14:00:00Z'),
      entry('2025-03-10T14:10:00Z', { actorId: 'u2', subjectId: 'a' }),
      entry('2025-03-10T14:20:00Z'),
      entry('2025-03-10T14:25:00Z', { actorId: 'u2', subjectId: 'a' }),
      entry('2025-03-10T14:30:00Z'),
      entry('2025-03-10T14:35:00Z', { actorId: 'u2', subjectId: 'b' }),
      entry('2025-03-10T14:45:00Z'),
      entry('2025-03-10T14:50:00Z'),
      entry('2025-03-10T14:55:00Z', { actorId: 'u2', subjectId: 'c' }),
    ];
    const findings = findManyPersonReads(entries, { perHour: 3, newAfterSeq: 0, timeZone: NEW_YORK });
    assert.deepEqual(
      findings.map((f) => [f.actorId, f.seq, f.details.persons, f.day]),
      [['u1', 7, 4, '2025-03-10']],
    );
  });

  it('slides the hour: reads 61 minutes apart never share a window', () => {
    seq = 0;
    const entries = [0, 61, 122, 183].map((m) => entry(new Date(Date.UTC(2025, 2, 10, 8, m)).toISOString()));
    assert.deepEqual(findManyPersonReads(entries, { perHour: 1, newAfterSeq: 0, timeZone: 'UTC' }), []);
    const closer = [0, 30, 59].map((m) => entry(new Date(Date.UTC(2025, 2, 11, 8, m)).toISOString()));
    assert.equal(findManyPersonReads(closer, { perHour: 2, newAfterSeq: 0, timeZone: 'UTC' }).length, 1);
  });

  it('counts the context of the run before but reports only at new entries', () => {
    seq = 0;
    const entries = [
      entry('2025-03-10T10:00:00Z'),
      entry('2025-03-10T10:10:00Z'),
      entry('2025-03-10T10:20:00Z'),
    ];
    assert.deepEqual(findManyPersonReads(entries, { perHour: 2, newAfterSeq: 3, timeZone: 'UTC' }), []);
    const [finding] = findManyPersonReads(entries, { perHour: 2, newAfterSeq: 2, timeZone: 'UTC' });
    assert.deepEqual([finding?.seq, finding?.details.persons], [3, 3]);
  });

  it('agrees with a count of every window done by brute force', () => {
    seq = 0;
    // A fixed pseudo-random day of reads by three users over twelve persons.
    let state = 7;
    const next = () => {
      state = (state * 48271) % 2147483647;
      return state;
    };
    const entries = Array.from({ length: 300 }, (_, i) =>
      entry(new Date(Date.UTC(2025, 2, 10) + i * 4 * 60_000).toISOString(), {
        actorId: `u${next() % 3}`,
        subjectId: `p${next() % 12}`,
      }),
    );
    const perHour = 8;
    const expected = new Set<string>();
    for (const e of entries) {
      const persons = new Set(
        entries
          .filter(
            (o) => o.actorId === e.actorId && o.at <= e.at && o.at.getTime() > e.at.getTime() - 3_600_000,
          )
          .map((o) => o.subjectId),
      );
      if (persons.size > perHour) expected.add(`${e.actorId}@${e.seq}`);
    }
    // The first crossing of each user on the day, by brute force.
    const firsts = new Map<string, number>();
    for (const key of expected) {
      const [user, at] = key.split('@') as [string, string];
      if (!firsts.has(user) || Number(at) < (firsts.get(user) as number)) firsts.set(user, Number(at));
    }
    const findings = findManyPersonReads(entries, { perHour, newAfterSeq: 0, timeZone: 'UTC' });
    assert.ok(firsts.size > 0);
    assert.deepEqual(new Map(findings.map((f) => [f.actorId, f.seq])), firsts);
  });
});

describe('unusual reads: out of hours', () => {
  const working = { timeZone: NEW_YORK, from: 7 * 60, to: 19 * 60, days: [1, 2, 3, 4, 5] };
  it("judges hours and week days in the jurisdiction's time zone, once a user a day, counting the reads", () => {
    seq = 0;
    const entries = [
      entry('2025-03-10T12:00:00Z'), // Monday 08:00 in New York: working hours
      entry('2025-03-10T23:30:00Z'), // Monday 19:30: out of hours
      entry('2025-03-11T01:00:00Z'), // Monday 21:00 still (local day March 10th)
      entry('2025-03-11T10:59:00Z'), // Tuesday 06:59: out of hours
      entry('2025-03-11T11:00:00Z'), // Tuesday 07:00: working hours
      entry('2025-03-15T16:00:00Z', { actorId: 'u2' }), // Saturday noon
      entry('2025-03-15T16:05:00Z', { actorId: 'u2', purpose: null, action: 'auth.login' }), // no read
      entry('2025-03-15T16:10:00Z', { actorType: 'system', actorId: 'cli' }), // no user
    ];
    assert.deepEqual(
      findOutOfHoursReads(entries, working).map((f) => [f.actorId, f.day, f.seq, f.details.reads]),
      [
        ['u1', '2025-03-10', 2, 2],
        ['u1', '2025-03-11', 4, 1],
        ['u2', '2025-03-15', 6, 1],
      ],
    );
  });

  it('reads local times across a daylight saving change', () => {
    assert.deepEqual(localTime(new Date('2025-03-09T06:59:00Z'), NEW_YORK), {
      day: '2025-03-09',
      weekday: 7,
      minute: 1 * 60 + 59,
    });
    assert.deepEqual(localTime(new Date('2025-03-09T07:00:00Z'), NEW_YORK).minute, 3 * 60);
  });
});

describe('unusual reads: broken glasses', () => {
  it('reports every broken glass with the record and the reason', () => {
    seq = 0;
    const entries = [
      entry('2025-03-10T12:00:00Z'),
      entry('2025-03-10T12:05:00Z', {
        action: 'access.break_the_glass',
        subjectType: 'outreach_case',
        subjectId: 'c1',
        purpose: 'emergency',
        details: { action: 'outreach.read', reason: 'known to our program', expires_at: 'x' },
      }),
      entry('2025-03-10T12:06:00Z', {
        action: 'access.break_the_glass',
        subjectType: 'person',
        subjectId: 'p9',
      }),
    ];
    assert.deepEqual(
      findBrokenGlasses(entries, NEW_YORK).map((f) => [f.seq, f.details]),
      [
        [2, { subject_type: 'outreach_case', subject_id: 'c1', reason: 'known to our program' }],
        [3, { subject_type: 'person', subject_id: 'p9' }],
      ],
    );
  });
});
