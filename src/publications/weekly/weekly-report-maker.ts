import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/database.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import type { ReportMaker } from '../schedules/report-maker.js';
import { makeWeeklyReportFile } from './weekly-report-file.js';

/**
 * The report maker of a running server: schedules make their reports as the system, which may build
 * every audience's report; who receives it is the schedule's business (its audience and list).
 */
export function weeklyReportMaker(db: Queryable, clock: Clock, cache: AggregateCache): ReportMaker {
  return async ({ jurisdictionId, week, audience, format }) => {
    const file = await makeWeeklyReportFile(
      db,
      { kind: 'system', label: 'report-schedule' },
      { jurisdiction: jurisdictionId, week, audience, format },
      { clock, cache },
    );
    return { bytes: file.bytes, contentType: file.contentType, fileName: file.fileName };
  };
}
