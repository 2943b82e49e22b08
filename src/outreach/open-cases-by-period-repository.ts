import type { Queryable } from '../platform/database.js';

/**
 * The open outreach cases, across jurisdictions, with an overdose that occurred in [from, to): a
 * period holding them may not be archived, since the case's worker still reads its overdoses.
 */
export async function countOpenCasesWithOverdosesBetween(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(distinct (c.jurisdiction_id, c.id))::int as n
     from outreach_cases c
     join outreach_case_overdoses o
       on o.jurisdiction_id = c.jurisdiction_id and o.program_id = c.program_id and o.case_id = c.id
     where c.status = 'open' and o.occurred_at >= $1 and o.occurred_at < $2`,
    [from, to],
  );
  return row?.n ?? 0;
}
