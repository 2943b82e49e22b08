/**
 * The words and numbers a weekly report prints, the same in every renderer (charts, HTML, PDF).
 * Formatting is written out rather than left to `toLocaleString`, whose output depends on the ICU
 * data of the machine: a report must read the same wherever it is rendered.
 */
import { zoneOffsetAt } from '../../platform/time-zones.js';
import type { Audience, ReportFigure } from './weekly-report.js';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A whole number with thousands separated by commas: 12,345. */
export function groupDigits(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * What a hidden count reads. Not "<k": complementary suppression also hides counts of k or more, and
 * a reader told that every hidden count is under k would hold an upper bound the auditor never gave.
 */
export const HIDDEN_COUNT = 'hidden';

/** A count as published: the number, or "hidden" when it is suppressed. */
export function countText(figure: ReportFigure): string {
  return figure === null ? HIDDEN_COUNT : groupDigits(figure);
}

/** A hidden count in words, for screen readers: what it may be, without saying which. */
export function hiddenCountWords(k: number): string {
  return `hidden (1 to ${k - 1}, or a larger count hidden to protect one)`;
}

/** A rate per 100,000 with one decimal, "*" when unreliable; empty when there is no rate. */
export function rateText(rate: number | null | undefined, unreliable = false): string {
  if (rate === null || rate === undefined) return '';
  const [whole = '0', tenths = '0'] = (Math.round(rate * 10) / 10).toFixed(1).split('.');
  return `${groupDigits(Number(whole))}.${tenths}${unreliable ? '*' : ''}`;
}

/** A change in percent, signed and whole: "+12%", "-3%", "0%"; "not shown" when it is withheld. */
export function changeText(percent: number | null): string {
  if (percent === null) return 'not shown';
  const rounded = Math.round(percent);
  return `${rounded > 0 ? '+' : ''}${groupDigits(rounded)}%`;
}

/** Who a report is for, as its cover says. */
export function audienceText(audience: Audience): string {
  switch (audience) {
    case 'internal':
      return 'Internal — analysts';
    case 'partner':
      return 'Partners';
    case 'public':
      return 'Public';
  }
}

/** A month's short name from a day written YYYY-MM-DD: "Feb". */
export function monthText(day: string): string {
  return months[Number(day.slice(5, 7)) - 1] ?? '';
}

/** The month of a day written YYYY-MM-DD, in full with its year: "February 2024". */
export function monthYearText(day: string): string {
  return `${monthNames[Number(day.slice(5, 7)) - 1] ?? ''} ${day.slice(0, 4)}`;
}

/** A day as a reader writes it: "Feb 3, 2024". */
export function dayText(day: string): string {
  return `${monthText(day)} ${Number(day.slice(8, 10))}, ${day.slice(0, 4)}`;
}

/** A span of days, the year written once when both ends share it: "Jan 28 – Feb 3, 2024". */
export function dayRangeText(first: string, last: string): string {
  const end = dayText(last);
  if (first.slice(0, 4) !== last.slice(0, 4)) return `${dayText(first)} – ${end}`;
  return `${monthText(first)} ${Number(first.slice(8, 10))} – ${end}`;
}

/** The week number of a week label `2024-W05`: "W05". */
export function shortWeekText(label: string): string {
  return label.slice(label.indexOf('W'));
}

/** An instant as the jurisdiction's clocks showed it: "Jan 30, 2024 09:05". */
export function momentText(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const local = new Date(ms + zoneOffsetAt(ms, timeZone)).toISOString();
  return `${dayText(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
