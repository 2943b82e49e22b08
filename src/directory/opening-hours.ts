import { zoneOffsetAt } from '../platform/time-zones.js';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function seconds(value: string | undefined): number | null {
  const match = TIME.exec(value?.trim() ?? '');
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

/** A weekly opening an HSDS schedule row states: the days, the hours, and the dates it holds. */
interface WeeklyOpening {
  days: string[];
  opens: number;
  closes: number;
  from: string | null;
  to: string | null;
}

function weeklyOpening(schedule: Record<string, string>): WeeklyOpening | null {
  if ((schedule.freq ?? '').toUpperCase() !== 'WEEKLY') return null;
  const opens = seconds(schedule.opens_at);
  const closes = seconds(schedule.closes_at);
  const days = (schedule.byday ?? '')
    .split(',')
    .map((d) => d.trim().toUpperCase())
    .filter(Boolean);
  if (opens === null || closes === null || days.length === 0) return null;
  return { days, opens, closes, from: schedule.valid_from || null, to: schedule.valid_to || null };
}

/**
 * Whether a service is open at an instant by its HSDS schedules (weekly ones: byday, opens_at,
 * closes_at, valid_from/valid_to), in the jurisdiction's time zone; hours past midnight (22:00 to
 * 06:00) belong to the day they open. Null when no schedule states weekly hours.
 */
export function openNow(
  schedules: readonly Record<string, string>[],
  now: Date,
  timeZone: string,
): boolean | null {
  const openings = schedules.map(weeklyOpening).filter((o): o is WeeklyOpening => o !== null);
  if (openings.length === 0) return null;
  const local = new Date(now.getTime() + zoneOffsetAt(now.getTime(), timeZone));
  const day = local.getUTCDay();
  const date = local.toISOString().slice(0, 10);
  const time = local.getUTCHours() * 3600 + local.getUTCMinutes() * 60 + local.getUTCSeconds();
  const today = WEEKDAYS[day] as string;
  const yesterday = WEEKDAYS[(day + 6) % 7] as string;
  return openings.some((o) => {
    if ((o.from && date < o.from) || (o.to && date > o.to)) return false;
    if (o.opens < o.closes) return o.days.includes(today) && time >= o.opens && time < o.closes;
    return (o.days.includes(today) && time >= o.opens) || (o.days.includes(yesterday) && time < o.closes);
  });
}

/** The schedules in words: each one's description, or its days and hours. */
export function scheduleText(schedules: readonly Record<string, string>[]): string | null {
  const parts = schedules
    .map((s) => {
      if (s.description) return s.description;
      const o = weeklyOpening(s);
      return o ? `${o.days.join(', ')} ${s.opens_at}-${s.closes_at}` : '';
    })
    .filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}
