import { recordAuditEntries } from '../access/audit/audit-log.js';
import { listJurisdictions } from '../access/jurisdictions/jurisdiction-repository.js';
import { auditActor, cliActor } from '../access/roles.js';
import { detectionHistoryDays } from '../alerts/detection-history.js';
import { countOpenCasesWithOverdosesBetween } from '../outreach/open-cases-by-period-repository.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import {
  attachYear,
  detachYear,
  ensureYearPartitions,
  listYearPartitions,
  partitionName,
  type YearPartition,
  type YearPartitioned,
  yearsInDefault,
} from '../platform/partitions/year-partitions.js';
import { REPEAT_WINDOW_DAYS } from '../surveillance/repeat-overdoses.js';

/**
 * The tables partitioned by year (drizzle/0047_partition_by_time.sql), each by the time it is counted
 * or archived by: an overdose and its rollups by the local day it occurred, a report by when it came.
 */
export const TIME_PARTITIONED: readonly YearPartitioned[] = [
  { table: 'overdoses', key: 'occurred_date', instant: false },
  { table: 'reports', key: 'received_at', instant: true },
  { table: 'daily_area_counts', key: 'day', instant: false },
  { table: 'monthly_area_counts', key: 'month', instant: false },
  { table: 'daily_dimension_counts', key: 'day', instant: false },
];

/** The job that makes this year's and next year's partitions before rows need them. */
export const PARTITIONS_JOB = 'partitions.coming-years';

const DAY_MS = 86_400_000;

/**
 * The daily job: makes this year's and next year's partitions of every table where missing, and one
 * for each year whose rows wait in a default partition (a backfill of an old year, a restored backup),
 * moving them there. A year detached for archiving is left alone: its table still bears the name.
 */
export function makeComingPartitions(db: Database, now: Date): Promise<string[]> {
  const year = now.getUTCFullYear();
  return db.transaction(async (tx) => {
    const made: string[] = [];
    for (const partitioned of TIME_PARTITIONED) {
      const years = new Set([year, year + 1, ...(await yearsInDefault(tx, partitioned))]);
      made.push(...(await ensureYearPartitions(tx, [partitioned], [...years])));
    }
    return made;
  });
}

/** Every partition of the partitioned tables, attached or detached, with its rows. */
export function listPartitions(db: Queryable): Promise<YearPartition[]> {
  return listYearPartitions(db, TIME_PARTITIONED);
}

/**
 * The first day detection may still read: repeat overdoses look 365 days back, statistical rules as
 * far as their history goes; a day more covers the time zones, whose local days are the keys.
 */
async function detectionWindowStart(db: Queryable, now: Date): Promise<Date> {
  const days = Math.max(REPEAT_WINDOW_DAYS, await detectionHistoryDays(db)) + 1;
  return new Date(now.getTime() - days * DAY_MS);
}

/** Why a year may not be archived now, as the error to throw; null when it may. */
async function archivingRefusal(db: Queryable, year: number, now: Date): Promise<SosError | null> {
  const windowStart = await detectionWindowStart(db, now);
  const yearEnd = new Date(Date.UTC(year + 1, 0, 1));
  if (yearEnd > windowStart) {
    return new SosError(
      'PARTITION_IN_DETECTION_WINDOW',
      `${year} ends after ${windowStart.toISOString().slice(0, 10)}, where the detection window starts (the repeat-overdose look-back and the statistical rules' history): it may be archived from ${new Date(yearEnd.getTime() + (now.getTime() - windowStart.getTime())).toISOString().slice(0, 10)}`,
      { year, window_start: windowStart.toISOString().slice(0, 10) },
    );
  }
  // A day either side: outreach keeps occurred_at, the partitions cut local calendar days.
  const open = await countOpenCasesWithOverdosesBetween(
    db,
    new Date(Date.UTC(year, 0, 1) - DAY_MS),
    new Date(yearEnd.getTime() + DAY_MS),
  );
  if (open > 0) {
    return new SosError(
      'PARTITION_HOLDS_OPEN_CASES',
      `${open} open outreach case(s) have overdoses in ${year}: close them before archiving it`,
      { year, open_cases: open },
    );
  }
  return null;
}

/** Rows of each table's partition of the year, by jurisdiction (for the audit entries). */
async function rowsByJurisdiction(tx: Queryable, year: number): Promise<Map<string, Record<string, number>>> {
  const byJurisdiction = new Map<string, Record<string, number>>();
  for (const { table } of TIME_PARTITIONED) {
    const [exists] = await tx.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
      partitionName(table, year),
    ]);
    if (!exists?.found) continue;
    const rows = await tx.query<{ jurisdictionId: string; n: number }>(
      `select jurisdiction_id as "jurisdictionId", count(*)::int as n from "${partitionName(table, year)}" group by 1`,
    );
    for (const { jurisdictionId, n } of rows) {
      byJurisdiction.set(jurisdictionId, { ...byJurisdiction.get(jurisdictionId), [table]: n });
    }
  }
  return byJurisdiction;
}

/** Writes one entry in every jurisdiction's audit trail: the year's partitions left or rejoined the tables. */
async function auditEveryJurisdiction(
  tx: Queryable,
  now: Date,
  action: 'partition.detach' | 'partition.attach',
  year: number,
  partitions: string[],
): Promise<void> {
  const rows = await rowsByJurisdiction(tx, year);
  for (const jurisdiction of await listJurisdictions(tx)) {
    await recordAuditEntries(tx, jurisdiction.id, now, [
      {
        ...auditActor(cliActor),
        action,
        subjectType: 'partition_year',
        subjectId: String(year),
        purpose: 'operations',
        details: { partitions, rows: rows.get(jurisdiction.id) ?? {} },
      },
    ]);
  }
}

/**
 * Detaches a year's partitions of every partitioned table for archiving (dump them, then drop them),
 * refusing while the year is inside the detection window or holds open outreach cases' overdoses.
 */
export async function detachPeriod(db: Database, year: number, now: Date): Promise<string[]> {
  const refusal = await archivingRefusal(db, year, now);
  if (refusal) throw refusal;
  return db.transaction(async (tx) => {
    // Counted after the detach, from the detached tables, so rows moved out of a default partition count.
    const detached = await detachYear(tx, TIME_PARTITIONED, year);
    await auditEveryJurisdiction(tx, now, 'partition.detach', year, detached);
    return detached;
  });
}

/** Attaches a detached year's tables again, so its rows count once more. */
export async function attachPeriod(db: Database, year: number, now: Date): Promise<string[]> {
  return db.transaction(async (tx) => {
    const attached = await attachYear(tx, TIME_PARTITIONED, year);
    await auditEveryJurisdiction(tx, now, 'partition.attach', year, attached);
    return attached;
  });
}
