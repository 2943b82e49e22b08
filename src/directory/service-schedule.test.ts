import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openAt, parseTimeOfDay, type ScheduleRow, scheduleText } from './service-schedule.js';

const NEW_YORK = 'America/New_York';

/** The HSDS columns a test names, in the words of this file. */
interface ScheduleFields {
  freq?: string;
  interval?: string;
  byday?: string;
  bymonthday?: string;
  dtstart?: string;
  validFrom?: string;
  validTo?: string;
  opensAt?: string;
  closesAt?: string;
  description?: string;
}

/** A schedule row as an HSDS CSV leaves it: weekly unless told, other cells empty. */
function schedule(fields: ScheduleFields): ScheduleRow {
  return {
    id: 'schedule-1',
    freq: fields.freq ?? 'WEEKLY',
    interval: fields.interval ?? '',
    byday: fields.byday ?? '',
    bymonthday: fields.bymonthday ?? '',
    dtstart: fields.dtstart ?? '',
    wkst: '',
    until: '',
    valid_from: fields.validFrom ?? '',
    valid_to: fields.validTo ?? '',
    opens_at: fields.opensAt ?? '',
    closes_at: fields.closesAt ?? '',
    description: fields.description ?? '',
  };
}

/** Asserts open-now at each instant (UTC), named by its local time worked out by hand. */
function expectOpen(
  schedules: ScheduleRow[],
  cases: [instant: string, open: boolean | null, local: string][],
  timeZone = NEW_YORK,
) {
  for (const [instant, open, local] of cases) {
    assert.equal(openAt(schedules, new Date(instant), timeZone), open, `${instant} (${local})`);
  }
}

describe('open now from HSDS schedules', () => {
  it('opens on the listed weekdays from opens_at up to (not at) closes_at, local time', () => {
    const weekdays = schedule({ byday: 'MO,TU,WE,TH,FR', opensAt: '09:00', closesAt: '17:00' });
    expectOpen(
      [weekdays],
      [
        ['2026-03-02T14:00:00Z', true, 'Mon 09:00 EST'],
        ['2026-03-02T13:59:00Z', false, 'Mon 08:59 EST'],
        ['2026-03-02T21:59:00Z', true, 'Mon 16:59 EST'],
        ['2026-03-02T22:00:00Z', false, 'Mon 17:00 EST'],
        ['2026-03-07T15:00:00Z', false, 'Sat 10:00 EST'],
      ],
    );
  });

  it('carries overnight hours into the next morning, and only after a listed day', () => {
    const nights = schedule({ byday: 'FR,SA', opensAt: '22:00:00', closesAt: '06:00:00' });
    expectOpen(
      [nights],
      [
        ['2026-02-27T04:00:00Z', false, 'Thu 23:00 EST'],
        ['2026-02-28T02:59:00Z', false, 'Fri 21:59 EST'],
        ['2026-02-28T03:00:00Z', true, 'Fri 22:00 EST'],
        ['2026-02-28T08:00:00Z', true, "Sat 03:00 EST, Friday's night"],
        ['2026-02-28T11:00:00Z', false, 'Sat 06:00 EST'],
        ['2026-03-01T08:00:00Z', true, "Sun 03:00 EST, Saturday's night"],
        ['2026-03-02T08:00:00Z', false, 'Mon 03:00 EST: Sunday is not listed'],
      ],
    );
  });

  it('reads wall-clock hours on both sides of daylight-saving changes', () => {
    const sundays = schedule({ byday: 'SU', opensAt: '09:00', closesAt: '17:00' });
    expectOpen(
      [sundays],
      [
        // Clocks moved from 02:00 EST to 03:00 EDT on 2026-03-08: 13:30Z is 09:30 there, 08:30 in EST.
        ['2026-03-08T13:30:00Z', true, 'Sun 09:30 EDT'],
        ['2026-03-08T12:30:00Z', false, 'Sun 08:30 EDT'],
        ['2026-10-25T13:30:00Z', true, 'Sun 09:30 EDT'],
        // Clocks moved back on 2026-11-01: 13:30Z is 08:30 EST.
        ['2026-11-01T13:30:00Z', false, 'Sun 08:30 EST'],
        ['2026-11-01T14:00:00Z', true, 'Sun 09:00 EST'],
      ],
    );
    const saturdayNights = schedule({ byday: 'SA', opensAt: '22:00', closesAt: '06:00' });
    expectOpen(
      [saturdayNights],
      [
        ['2026-03-08T09:30:00Z', true, 'Sun 05:30 EDT'],
        // 10:30Z would still be 05:30 in EST: the night is over at 06:30 EDT.
        ['2026-03-08T10:30:00Z', false, 'Sun 06:30 EDT'],
      ],
    );
  });

  it('keeps to valid_from and valid_to, an overnight opening belonging to the day it began', () => {
    const march = schedule({
      byday: 'MO,TU,WE,TH,FR',
      opensAt: '09:00',
      closesAt: '17:00',
      validFrom: '2026-03-01',
      validTo: '2026-03-31',
    });
    expectOpen(
      [march],
      [
        ['2026-03-02T14:30:00Z', true, 'Mon 2 Mar 09:30 EST'],
        ['2026-02-27T15:00:00Z', false, 'Fri 27 Feb 10:00 EST, before valid_from'],
        ['2026-04-01T14:30:00Z', false, 'Wed 1 Apr 10:30 EDT, after valid_to'],
      ],
    );
    const lastNight = schedule({ byday: 'FR', opensAt: '22:00', closesAt: '06:00', validTo: '2026-02-27' });
    expectOpen([lastNight], [['2026-02-28T08:00:00Z', true, 'Sat 28 Feb 03:00 EST, the night of the 27th']]);
  });

  it('honours a time written with its own offset, whatever the time zone', () => {
    const utc = schedule({ byday: 'MO', opensAt: '09:00Z', closesAt: '17:00Z' });
    expectOpen(
      [utc],
      [
        ['2026-03-02T09:30:00Z', true, 'Mon 01:30 in Los Angeles, 09:30 UTC'],
        ['2026-03-02T17:00:00Z', false, 'Mon 17:00 UTC'],
      ],
      'America/Los_Angeles',
    );
    const eastern = schedule({ byday: 'MO', opensAt: '09:00-05:00', closesAt: '17:00-05:00' });
    expectOpen(
      [eastern],
      [
        ['2026-03-02T14:00:00Z', true, 'Mon 09:00 at -05:00'],
        ['2026-03-02T13:59:00Z', false, 'Mon 08:59 at -05:00'],
      ],
      'Europe/Paris',
    );
  });

  it('treats equal opening and closing times, or a closing at 24:00, as the whole day', () => {
    for (const closesAt of ['00:00', '24:00']) {
      expectOpen(
        [schedule({ byday: 'SA', opensAt: '00:00', closesAt })],
        [
          ['2026-03-07T05:00:00Z', true, 'Sat 00:00 EST'],
          ['2026-03-08T04:59:00Z', true, 'Sat 23:59 EST'],
          ['2026-03-08T05:00:00Z', false, 'Sun 00:00 EST'],
        ],
      );
    }
  });

  it('repeats every other week from dtstart when the interval is 2', () => {
    const fortnightly = schedule({
      byday: 'MO',
      interval: '2',
      dtstart: '2026-03-02',
      opensAt: '09:00',
      closesAt: '17:00',
    });
    expectOpen(
      [fortnightly],
      [
        ['2026-02-16T15:00:00Z', false, 'Mon 16 Feb 10:00 EST, before dtstart'],
        ['2026-03-02T15:00:00Z', true, 'Mon 2 Mar 10:00 EST'],
        ['2026-03-09T14:00:00Z', false, 'Mon 9 Mar 10:00 EDT, the week off'],
        ['2026-03-16T14:00:00Z', true, 'Mon 16 Mar 10:00 EDT'],
      ],
    );
  });

  it('reads monthly recurrences: the last Friday, the first Sunday, the first of the month', () => {
    const hours = { opensAt: '10:00', closesAt: '12:00', freq: 'MONTHLY' };
    expectOpen(
      [schedule({ ...hours, byday: '-1FR' })],
      [
        ['2026-02-27T15:30:00Z', true, 'Fri 27 Feb 10:30 EST, the last Friday'],
        ['2026-02-20T15:30:00Z', false, 'Fri 20 Feb 10:30 EST'],
      ],
    );
    expectOpen(
      [schedule({ ...hours, byday: '1SU' })],
      [
        ['2026-02-01T15:30:00Z', true, 'Sun 1 Feb 10:30 EST'],
        ['2026-02-08T15:30:00Z', false, 'Sun 8 Feb 10:30 EST'],
      ],
    );
    expectOpen(
      [schedule({ ...hours, bymonthday: '1' })],
      [
        ['2026-02-01T15:30:00Z', true, 'Sun 1 Feb 10:30 EST'],
        ['2026-02-02T15:30:00Z', false, 'Mon 2 Feb 10:30 EST'],
      ],
    );
  });

  it('is unknown (null) without a schedule that says when it opens, false when known and closed', () => {
    const mornings = schedule({ byday: 'MO', opensAt: '09:00', closesAt: '12:00' });
    const evenings = schedule({ byday: 'MO', opensAt: '18:00', closesAt: '20:00' });
    const vague = schedule({ description: 'Call for hours' });
    const daily = schedule({ freq: 'DAILY', opensAt: '00:00', closesAt: '23:59' });
    expectOpen([], [['2026-03-02T15:00:00Z', null, 'no schedule']]);
    expectOpen([vague, daily], [['2026-03-02T15:00:00Z', null, 'no readable schedule']]);
    expectOpen([vague, mornings], [['2026-03-02T18:00:00Z', false, 'Mon 13:00 EST']]);
    expectOpen([mornings, evenings], [['2026-03-02T23:30:00Z', true, 'Mon 18:30 EST, the second one']]);
  });

  it('reads times of day with seconds and offsets, and refuses what is not one', () => {
    assert.deepEqual(parseTimeOfDay('10:00:00'), { minutes: 600, offset: null });
    assert.deepEqual(parseTimeOfDay('09:30+05:30'), { minutes: 570, offset: 330 });
    assert.deepEqual(parseTimeOfDay('09:00-05:00'), { minutes: 540, offset: -300 });
    assert.deepEqual(parseTimeOfDay('24:00'), { minutes: 1440, offset: null });
    for (const bad of ['', '9am', '25:00', '10:60', '24:30']) assert.equal(parseTimeOfDay(bad), null, bad);
  });

  it('puts the schedules in words, preferring their own descriptions', () => {
    assert.equal(
      scheduleText([
        schedule({ byday: 'MO,TU', opensAt: '09:00:00', closesAt: '17:00:00' }),
        schedule({ freq: 'MONTHLY', byday: '-1FR', opensAt: '10:00', closesAt: '12:00' }),
        schedule({ description: 'Walk in Saturdays' }),
      ]),
      'Mon, Tue 09:00-17:00; last Fri 10:00-12:00; Walk in Saturdays',
    );
    assert.equal(scheduleText([]), null);
  });
});
