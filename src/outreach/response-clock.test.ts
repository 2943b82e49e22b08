import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueAt, hoursSinceStart, isOverdue, stopsTheClock } from './response-clock.js';

describe('the response clock', () => {
  const start = new Date('2024-03-09T22:30:00Z');

  it('closes the window the program sets after the clock starts, across a daylight-saving change', () => {
    // 72 hours are 72 elapsed hours, not three calendar days (US clocks moved on 2024-03-10).
    assert.equal(dueAt(start, 72).toISOString(), '2024-03-12T22:30:00.000Z');
    assert.equal(dueAt(start, 24).toISOString(), '2024-03-10T22:30:00.000Z');
  });

  it('counts hours since the start to one decimal', () => {
    assert.equal(hoursSinceStart(start, new Date('2024-03-09T22:30:00Z')), 0);
    assert.equal(hoursSinceStart(start, new Date('2024-03-10T00:00:00Z')), 1.5);
    // 25 h 20 min = 25.333... h
    assert.equal(hoursSinceStart(start, new Date('2024-03-10T23:50:00Z')), 25.3);
    // 2 min = 0.0333 h rounds down, 3 min = 0.05 h rounds up.
    assert.equal(hoursSinceStart(start, new Date('2024-03-09T22:32:00Z')), 0);
    assert.equal(hoursSinceStart(start, new Date('2024-03-09T22:33:00Z')), 0.1);
  });

  it('flags an open case past its window that nobody reached, and no other', () => {
    const due = dueAt(start, 72);
    const justAfter = new Date(due.getTime() + 1);
    const cases: [string, Parameters<typeof isOverdue>[0], Date, boolean][] = [
      ['open, unreached, past due', { status: 'open', survivorReached: false, dueAt: due }, justAfter, true],
      ['open, unreached, exactly at due', { status: 'open', survivorReached: false, dueAt: due }, due, false],
      ['open, unreached, before due', { status: 'open', survivorReached: false, dueAt: due }, start, false],
      ['open, reached, past due', { status: 'open', survivorReached: true, dueAt: due }, justAfter, false],
      [
        'closed, unreached, past due',
        { status: 'closed', survivorReached: false, dueAt: due },
        justAfter,
        false,
      ],
    ];
    for (const [name, c, now, expected] of cases) assert.equal(isOverdue(c, now), expected, name);
  });

  it('stops the clock when the survivor was reached or declined, not on an attempt that did not reach her', () => {
    assert.deepEqual(
      ['survivor_reached', 'declined', 'other_person_answered', 'no_answer', 'wrong_number'].map(
        stopsTheClock,
      ),
      [true, true, false, false, false],
    );
  });
});
