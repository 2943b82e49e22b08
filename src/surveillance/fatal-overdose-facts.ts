import type { Queryable } from '../platform/database.js';
import type { OverdoseRow } from './overdose-presenter.js';
import { findOverdose } from './overdose-query.js';

/**
 * Surveillance's face for fatality reviews: the fatal overdoses an analyst may open a review for, the
 * facts of the overdoses a review's case assembles, and the de-identified facts the annual summary
 * counts. No actor is checked here: the caller is a service that has checked its reader's.
 */

/** A fatal overdose as the review's picker lists it (line-level facts, no point, no address). */
export interface FatalOverdoseChoice {
  id: string;
  occurredDate: string;
  ageBand: string | null;
  sex: string | null;
  substances: string[];
}

/** The jurisdiction's fatal overdoses, newest first, at most `limit`. */
export async function listFatalOverdoses(
  db: Queryable,
  jurisdictionId: string,
  limit: number,
): Promise<FatalOverdoseChoice[]> {
  return db.query<FatalOverdoseChoice>(
    `select id, occurred_date::text as "occurredDate", age_band as "ageBand", sex, substances
     from overdoses where jurisdiction_id = $1 and fatal = true
     order by occurred_at desc, id desc limit $2`,
    [jurisdictionId, limit],
  );
}

/** Line-level facts of these overdoses with their areas, by id (ids not found are absent). */
export async function overdoseFactsById(
  db: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<Map<string, OverdoseRow>> {
  const found = new Map<string, OverdoseRow>();
  for (const id of new Set(ids)) {
    const row = await findOverdose(db, jurisdictionId, id);
    if (row) found.set(id, row);
  }
  return found;
}

/** What the annual summary counts of a decedent: age band, sex, race, ethnicity and substances. */
export interface DecedentFacts {
  ageBand: string | null;
  sex: string | null;
  race: string | null;
  ethnicity: string | null;
  substances: string[];
}

/** The de-identified facts of these overdoses by id (ids not found are absent). */
export async function decedentFacts(
  db: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<Map<string, DecedentFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<DecedentFacts & { id: string }>(
    `select id, age_band as "ageBand", sex, race, ethnicity, substances from overdoses
     where jurisdiction_id = $1 and id = any($2::uuid[])`,
    [jurisdictionId, [...ids]],
  );
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}
