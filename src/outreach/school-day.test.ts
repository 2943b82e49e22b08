import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextSchoolDayStart } from './school-day.js';

// Expected instants written by hand from the calendar: 2026-03-06 is a Friday; New York is UTC-5 until
// the DST change on Sunday 2026-03-08, UTC-4 after it.
describe('the next school day (Handle with Care due time)', () => {
  const ny = 'America/New_York';
  const due = (local: string) => nextSchoolDayStart(new Date(local), ny).toISOString();

  it('is this morning at 07:30 for a notice made before school on a weekday', () => {
    assert.equal(due('2026-03-04T06:10:00-05:00'), '2026-03-04T12:30:00.000Z');
  });

  it('is the next morning once school has begun', () => {
    assert.equal(due('2026-03-04T07:30:00-05:00'), '2026-03-05T12:30:00.000Z');
    assert.equal(due('2026-03-04T22:45:00-05:00'), '2026-03-05T12:30:00.000Z');
  });

  it('is Monday for Friday night, Saturday and Sunday, across the DST change', () => {
    assert.equal(due('2026-03-06T23:50:00-05:00'), '2026-03-09T11:30:00.000Z');
    assert.equal(due('2026-03-07T12:00:00-05:00'), '2026-03-09T11:30:00.000Z');
    assert.equal(due('2026-03-08T23:59:00-04:00'), '2026-03-09T11:30:00.000Z');
  });

  it('cuts the day in the jurisdiction zone, not UTC: Friday 21:00 in New York is Saturday in UTC', () => {
    assert.equal(due('2026-03-06T21:00:00-05:00'), '2026-03-09T11:30:00.000Z');
    assert.equal(
      nextSchoolDayStart(new Date('2026-03-07T02:00:00Z'), 'UTC').toISOString(),
      '2026-03-09T07:30:00.000Z',
    );
  });
});
