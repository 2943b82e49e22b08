import { DetectionError } from '../detection-error.js';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a SaTScan date (YYYY/MM/DD, month and day with or without a zero). */
export function parseScanDate(text: string, where: string): number {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(text.trim());
  if (!match) throw new DetectionError('SCAN_DATA_INVALID', `${where}: "${text}" is not a date (YYYY/MM/DD)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new DetectionError('SCAN_DATA_INVALID', `${where}: "${text}" is not a calendar date`);
  }
  return time / MS_PER_DAY;
}

/** The ISO date (YYYY-MM-DD) of a day number. */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}
