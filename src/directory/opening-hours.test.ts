import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openNow, scheduleText } from './opening-hours.js';

const ZONE = 'America/New_York';
const weekly = (fields: Record<string, string>) => ({ freq: 'WEEKLY', ...fields });

describe('open now, by HSDS weekly schedules in the jurisdiction time zone', () => {
  const thursdayFriday = [weekly({ byday: 'TH,FR', opens_at: '10:00:00', closes_at: '18:00:00' })];

  it('reads the hours on the local clock, standard and daylight time alike', () => {
    // 2026-03-05 is a Thursday; New York is UTC-5 until 2026-03-08, UTC-4 after.
    assert.equal(openNow(thursdayFriday, new Date('2026-03-05T15:00:00Z'), ZONE), true); // 10:00 EST
    assert.equal(openNow(thursdayFriday, new Date('2026-03-05T14:59:59Z'), ZONE), false); // 09:59:59 EST
    assert.equal(openNow(thursdayFriday, new Date('2026-03-05T23:00:00Z'), ZONE), false); // 18:00 EST: closed
    assert.equal(openNow(thursdayFriday, new Date('2026-03-12T14:30:00Z'), ZONE), true); // 10:30 EDT
    assert.equal(openNow(thursdayFriday, new Date('2026-03-12T13:30:00Z'), ZONE), false); // 09:30 EDT
    // Saturday 2026-03-07 at noon.
    assert.equal(openNow(thursdayFriday, new Date('2026-03-07T17:00:00Z'), ZONE), false);
  });

  it('gives hours past midnight to the day they open, and honours valid_from and valid_to', () => {
    const nights = [weekly({ byday: 'FR', opens_at: '22:00', closes_at: '06:00' })];
    assert.equal(openNow(nights, new Date('2026-03-07T08:00:00Z'), ZONE), true); // Sat 03:00 EST
    assert.equal(openNow(nights, new Date('2026-03-08T08:00:00Z'), ZONE), false); // Sun 04:00 EDT
    const ended = [weekly({ byday: 'TH', opens_at: '10:00', closes_at: '18:00', valid_to: '2026-03-04' })];
    assert.equal(openNow(ended, new Date('2026-03-05T16:00:00Z'), ZONE), false);
  });

  it('is null without a weekly schedule, and says the hours in words', () => {
    assert.equal(openNow([], new Date('2026-03-05T16:00:00Z'), ZONE), null);
    assert.equal(openNow([{ freq: 'MONTHLY', byday: 'TH' }], new Date('2026-03-05T16:00:00Z'), ZONE), null);
    assert.equal(scheduleText(thursdayFriday), 'TH, FR 10:00:00-18:00:00');
    assert.equal(scheduleText([]), null);
  });
});
