// Days and weeks are cut in the jurisdiction's time zone. Intl formatters are costly to build and
// cheap to reuse, so one is cached per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the IANA zone name is known to this runtime. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClockParts(instantMs: number, timeZone: string): number[] {
  const parts = formatterFor(timeZone).formatToParts(instantMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

// Zone offsets change only on quarter hours, and on few days a year. The offset is cached per UTC
// day when it is the same at both ends of the day, else per quarter hour: a bulk import asks Intl
// about once per day of data instead of once per record.
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const offsets = new Map<string, number>();

function offsetFromIntl(instantMs: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallClockParts(instantMs, timeZone) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s) - instantMs;
}

function cached(key: string, compute: () => number): number {
  let value = offsets.get(key);
  if (value === undefined) {
    value = compute();
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, value);
  }
  return value;
}

/** The zone's offset from UTC (local minus UTC, in ms) at an instant. */
export function zoneOffsetAt(instantMs: number, timeZone: string): number {
  const day = Math.floor(instantMs / DAY_MS);
  // NaN marks a day with a change in it.
  const dayOffset = cached(`${timeZone}\u0001d${day}`, () => {
    const start = offsetFromIntl(day * DAY_MS, timeZone);
    return start === offsetFromIntl((day + 1) * DAY_MS - QUARTER_HOUR_MS, timeZone) ? start : Number.NaN;
  });
  if (!Number.isNaN(dayOffset)) return dayOffset;
  const quarter = Math.floor(instantMs / QUARTER_HOUR_MS);
  return cached(`${timeZone}\u0001q${quarter}`, () => offsetFromIntl(quarter * QUARTER_HOUR_MS, timeZone));
}

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetAt(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The instant at which a wall-clock time occurs in a time zone (the earlier one in a DST overlap). */
export function instantOfWallTime(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  timeZone: string,
): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Two passes settle the zone offset, including across a DST change between guess and answer.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const [y, mo, d, h, mi, s] = wallClockParts(guess, timeZone) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const offset = Date.UTC(y, mo - 1, d, h, mi, s) - guess;
    guess = asUtc - offset;
  }
  return new Date(guess);
}
