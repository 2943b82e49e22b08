import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instantOfWallTime, isValidTimeZone, localDateOf, zoneOffsetAt } from './time-zones.js';

describe('time zones', () => {
  it('cuts days in the zone, on both sides of the daylight saving changes', () => {
    assert.equal(localDateOf(new Date('2024-03-10T04:59:00Z'), 'America/New_York'), '2024-03-09');
    assert.equal(localDateOf(new Date('2024-03-10T05:00:00Z'), 'America/New_York'), '2024-03-10');
    assert.equal(localDateOf(new Date('2024-11-03T03:59:00Z'), 'America/New_York'), '2024-11-02');
    assert.equal(localDateOf(new Date('2024-11-03T04:00:00Z'), 'America/New_York'), '2024-11-03');
    assert.equal(localDateOf(new Date('2024-06-30T23:30:00Z'), 'Asia/Kolkata'), '2024-07-01');
  });

  it('knows the offset just before and after a change (the cache never spans one)', () => {
    const change = Date.parse('2024-03-10T07:00:00Z'); // 02:00 EST becomes 03:00 EDT
    assert.equal(zoneOffsetAt(change - 1, 'America/New_York'), -5 * 3600_000);
    assert.equal(zoneOffsetAt(change, 'America/New_York'), -4 * 3600_000);
    assert.equal(zoneOffsetAt(Date.parse('2024-04-06T14:59:59Z'), 'Australia/Lord_Howe'), 11 * 3600_000);
    assert.equal(zoneOffsetAt(Date.parse('2024-04-06T15:00:00Z'), 'Australia/Lord_Howe'), 10.5 * 3600_000);
  });

  it('finds the instant of a local wall time, taking the earlier one in an overlap', () => {
    const at = (wall: string, zone: string) => {
      const [y, mo, d, h, mi] = wall.split(/[-T:]/).map(Number) as [number, number, number, number, number];
      return instantOfWallTime(
        { year: y, month: mo, day: d, hour: h, minute: mi, second: 0 },
        zone,
      ).toISOString();
    };
    assert.equal(at('2024-01-15T23:30', 'America/New_York'), '2024-01-16T04:30:00.000Z');
    assert.equal(at('2024-07-15T23:30', 'America/Phoenix'), '2024-07-16T06:30:00.000Z');
    assert.equal(at('2024-11-03T01:30', 'America/New_York'), '2024-11-03T05:30:00.000Z');
  });

  it('recognises zone names', () => {
    assert.equal(isValidTimeZone('America/Chicago'), true);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
  });
});
