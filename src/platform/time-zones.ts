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

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const [y, m, d] = wallClockParts(instant.getTime(), timeZone);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
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
