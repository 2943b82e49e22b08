import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../../platform/errors.js';
import { describeCron } from './cron-description.js';
import { checkCron, nextRunAfter, nextRuns } from './report-cron.js';

/** Asserts that `fn` throws VALIDATION_FAILED on `field` with a message matching `message`. */
function assertInvalid(fn: () => unknown, field: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SosError);
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(error.details, { field });
    assert.match(error.message, message);
    return true;
  });
}

describe('report schedule cron patterns', () => {
  it('runs on the wall clock of the jurisdiction across the March daylight saving change', () => {
    // New York moved to summer time on Sunday 2024-03-10: 07:00 is 12:00Z before and 11:00Z after.
    const monday = '0 7 * * 1';
    assert.equal(
      nextRunAfter(monday, 'America/New_York', new Date('2024-03-01T00:00:00Z')).toISOString(),
      '2024-03-04T12:00:00.000Z',
    );
    assert.equal(
      nextRunAfter(monday, 'America/New_York', new Date('2024-03-04T12:00:00Z')).toISOString(),
      '2024-03-11T11:00:00.000Z',
    );
    assert.deepEqual(
      nextRuns(monday, 'America/New_York', new Date('2024-10-28T00:00:00Z'), 2).map((d) => d.toISOString()),
      // ... and back to 12:00Z after the November change (Sunday 2024-11-03).
      ['2024-10-28T11:00:00.000Z', '2024-11-04T12:00:00.000Z'],
    );
    assert.equal(
      nextRunAfter(monday, 'UTC', new Date('2024-03-04T12:00:00Z')).toISOString(),
      '2024-03-11T07:00:00.000Z',
    );
  });

  it('gives the time strictly after the one asked about', () => {
    const at = new Date('2024-03-11T11:00:00Z');
    assert.equal(nextRunAfter('0 7 * * 1', 'America/New_York', at).toISOString(), '2024-03-18T11:00:00.000Z');
  });

  it('runs a time skipped by the change at the first valid time after the gap, once', () => {
    // 02:30 does not exist in New York on 2024-03-10.
    assert.equal(
      nextRunAfter('30 2 * * *', 'America/New_York', new Date('2024-03-10T05:00:00Z')).toISOString(),
      '2024-03-10T07:00:00.000Z',
    );
    // 01:30 happens twice on 2024-11-03: one run, then the next day.
    assert.deepEqual(
      nextRuns('30 1 * * *', 'America/New_York', new Date('2024-11-03T04:00:00Z'), 2).map((d) =>
        d.toISOString(),
      ),
      ['2024-11-03T05:30:00.000Z', '2024-11-04T06:30:00.000Z'],
    );
  });

  it('says which field is wrong and how to write it', () => {
    assertInvalid(() => checkCron('0 7 * *'), 'cron', /has 4 fields: write five/);
    assertInvalid(() => checkCron('0 0 7 * * 1'), 'cron', /has 6 fields/);
    assertInvalid(() => checkCron('* 7 * * 1'), 'cron', /more than once an hour/);
    assertInvalid(() => checkCron('*/5 * * * *'), 'cron', /more than once an hour/);
    assertInvalid(() => checkCron('0 25 * * 1'), 'cron', /not a cron pattern: .*hour/);
    assertInvalid(() => checkCron('0 7 * * funday'), 'cron', /not a cron pattern/);
    assertInvalid(() => checkCron('0 7 30 2 *'), 'cron', /never runs/);
    assertInvalid(() => nextRunAfter('0 7 * * 1', 'Mars/Olympus_Mons', new Date()), 'time_zone', /IANA/);
    assert.equal(checkCron('  0  7 * *   MON '), '0 7 * * MON');
  });

  it('puts the usual patterns in words', () => {
    assert.equal(describeCron('0 7 * * 1'), 'every Monday at 07:00');
    assert.equal(describeCron('30 6 * * *'), 'every day at 06:30');
    assert.equal(describeCron('0 7 * * MON,thu'), 'every Monday and Thursday at 07:00');
    assert.equal(describeCron('0 8 * * 1-5'), 'Monday to Friday at 08:00');
    assert.equal(describeCron('0 7 * * 0'), 'every Sunday at 07:00');
    assert.equal(describeCron('0 7 * * 7'), 'every Sunday at 07:00');
    assert.equal(describeCron('15 9 1 * *'), 'on day 1 of every month at 09:15');
    assert.equal(describeCron('5 * * * 1'), 'every Monday, every hour at minute 5');
    assert.equal(describeCron('0 7 1 1 *'), 'at the times cron "0 7 1 1 *" gives');
    assert.equal(describeCron('0 7-9 * * 1'), 'at the times cron "0 7-9 * * 1" gives');
  });
});
