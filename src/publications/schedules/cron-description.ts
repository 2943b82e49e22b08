// Reading a cron pattern is a chore for the people who set up report schedules; the dashboard shows
// this sentence beside the pattern, so "0 7 * * 1" reads "every Monday at 07:00". Only the shapes a
// weekly or monthly report uses are put in words; anything else is described as the pattern itself.

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_ABBREVIATIONS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A weekday field's value as 0 (Sunday) to 6, or null when it is not one day. */
function weekday(text: string): number | null {
  const byName = DAY_ABBREVIATIONS.indexOf(text.toUpperCase());
  if (byName >= 0) return byName;
  if (!/^\d$/.test(text)) return null;
  const n = Number(text);
  return n <= 7 ? n % 7 : null;
}

/** "every Monday", "Monday to Friday", "every Monday and Thursday", or null for other shapes. */
function weekdayPhrase(field: string): string | null {
  const range = /^([A-Za-z0-9]+)-([A-Za-z0-9]+)$/.exec(field);
  if (range) {
    const from = weekday(range[1] as string);
    const to = weekday(range[2] as string);
    return from === null || to === null ? null : `${DAY_NAMES[from]} to ${DAY_NAMES[to]}`;
  }
  const days = field.split(',').map(weekday);
  if (days.some((d) => d === null)) return null;
  const names = days.map((d) => DAY_NAMES[d as number] as string);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `every ${listed}`;
}

/** The days a pattern runs on, in words, or null when they do not fit a short phrase. */
function dayPhrase(dayOfMonth: string, month: string, dayOfWeek: string): string | null {
  if (month !== '*') return null;
  if (dayOfMonth === '*' && dayOfWeek === '*') return 'every day';
  if (dayOfMonth === '*') return weekdayPhrase(dayOfWeek);
  if (dayOfWeek === '*' && /^\d{1,2}$/.test(dayOfMonth)) return `on day ${Number(dayOfMonth)} of every month`;
  return null;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** A cron pattern (already checked) in words: "every Monday at 07:00", "every day at 06:30". */
export function describeCron(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const days = dayPhrase(dayOfMonth, month, dayOfWeek);
  if (days !== null && /^\d{1,2}$/.test(minute)) {
    if (/^\d{1,2}$/.test(hour)) return `${days} at ${twoDigits(Number(hour))}:${twoDigits(Number(minute))}`;
    if (hour === '*') return `${days}, every hour at minute ${Number(minute)}`;
  }
  return `at the times cron "${cron.trim()}" gives`;
}
