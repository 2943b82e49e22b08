import { addDays } from '../platform/calendar-days.js';
import { SosError } from '../platform/errors.js';
import { localDateOf } from '../platform/time-zones.js';
import { localMidnight } from './rule-series.js';

/** The longest range a backtest replays: three years and a day. */
export const MAX_BACKTEST_MS = (3 * 365 + 1) * 24 * 3_600_000;
/** The days a backtest replays when no start is asked for: the last year. */
const DEFAULT_DAYS = 365;

/** A range as asked for: a local day ('YYYY-MM-DD') or an ISO 8601 instant, either one optional. */
export interface AskedRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** The instants a backtest replays, and the local days they cover in the jurisdiction's time zone. */
export interface BacktestRange {
  from: Date;
  to: Date;
  firstDay: string;
  lastDay: string;
  timeZone: string;
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The range a backtest replays, pure. Days are the jurisdiction's: `from` a day starts at its local
 * midnight, `to` a day ends at the next one (both days are replayed, as a date picker reads), so the
 * months counted start with `from`'s. Without `to`, the range ends at the newest overdose's day (or
 * now, when that is earlier or there is none), never later than now; without `from`, it starts 365
 * days before its end, so the default is the data's last year, not a year with no data in it.
 */
export function resolveBacktestRange(
  asked: AskedRange,
  context: { timeZone: string; now: Date; newestOverdoseAt: Date | null },
): BacktestRange {
  const { timeZone, now } = context;
  const start = (day: string) => localMidnight(day, timeZone);
  let to: Date;
  if (asked.to !== undefined) to = isDay(asked.to) ? start(addDays(asked.to, 1)) : new Date(asked.to);
  else {
    const newest = context.newestOverdoseAt;
    const lastDay = localDateOf(newest && newest < now ? newest : now, timeZone);
    to = new Date(Math.min(start(addDays(lastDay, 1)).getTime(), now.getTime()));
  }
  let from: Date;
  if (asked.from !== undefined) from = isDay(asked.from) ? start(asked.from) : new Date(asked.from);
  else from = start(addDays(localDateOf(new Date(to.getTime() - 1), timeZone), 1 - DEFAULT_DAYS));
  if (from.getTime() >= to.getTime()) {
    throw new SosError('VALIDATION_FAILED', 'from is before to', { field: 'to' });
  }
  if (to.getTime() - from.getTime() > MAX_BACKTEST_MS) {
    throw new SosError('VALIDATION_FAILED', 'from and to are at most 3 years apart', { field: 'to' });
  }
  return {
    from,
    to,
    firstDay: localDateOf(from, timeZone),
    lastDay: localDateOf(new Date(to.getTime() - 1), timeZone),
    timeZone,
  };
}
