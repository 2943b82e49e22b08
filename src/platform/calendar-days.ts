/** Arithmetic on calendar days written 'YYYY-MM-DD' (no time zone: a local day as it is labelled). */

const DAY_MS = 24 * 3_600_000;

/** A day moved by a number of days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the day's month, or of a month `monthsLater` after it. */
export function monthStart(day: string, monthsLater = 0): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + monthsLater);
  return date.toISOString().slice(0, 10);
}
