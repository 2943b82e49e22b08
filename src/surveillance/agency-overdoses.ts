import type { Queryable } from '../platform/database.js';

/**
 * Surveillance's read-only face for data exchange (src/interop): overdoses with the organizations
 * that reported them, since only a report ties an overdose to an agency. Callers authorize first.
 */

/** One overdose's de-identified facts that leave in an exchange, with its reporting organizations. */
export interface AgencyOverdose {
  id: string;
  occurredAt: Date;
  timeKnown: boolean;
  latitude: number | null;
  longitude: number | null;
  fatal: boolean | null;
  naloxoneGiven: boolean | null;
  naloxoneDoses: number | null;
  substances: string[];
  /** The organizations whose reports built it, the first to report first. */
  organizationIds: string[];
}

interface Row {
  id: string;
  occurred_at: Date | string;
  time_known: boolean;
  latitude: number | null;
  longitude: number | null;
  fatal: boolean | null;
  naloxone_given: boolean | null;
  naloxone_doses: number | null;
  substances: string[];
  organization_ids: string[] | string;
}

const COLUMNS = `o.id, o.occurred_at, o.time_known, o.latitude, o.longitude, o.fatal, o.naloxone_given,
  o.naloxone_doses, o.substances,
  array(select r.organization_id::text from reports r
        where r.jurisdiction_id = o.jurisdiction_id and r.overdose_id = o.id
        group by r.organization_id order by min(r.received_at), r.organization_id) as organization_ids`;

function fromRow(row: Row): AgencyOverdose {
  const ids = row.organization_ids;
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    timeKnown: row.time_known,
    latitude: row.latitude,
    longitude: row.longitude,
    fatal: row.fatal,
    naloxoneGiven: row.naloxone_given,
    naloxoneDoses: row.naloxone_doses,
    substances: row.substances,
    // PGlite may answer a text array as its literal.
    organizationIds:
      typeof ids === 'string'
        ? ids
            .replace(/^\{|\}$/g, '')
            .split(',')
            .filter(Boolean)
        : ids,
  };
}

/**
 * A page of the overdoses one organization reported (any of its reports) whose local day is within
 * [from, to], in time order after a keyset position; `organizationId` null takes every organization.
 */
export async function readAgencyOverdosePage(
  db: Queryable,
  jurisdictionId: string,
  query: {
    organizationId: string | null;
    from: string;
    to: string;
    after: { occurredAt: Date; id: string } | null;
    limit: number;
  },
): Promise<AgencyOverdose[]> {
  const params: unknown[] = [jurisdictionId, query.from, query.to];
  const where = ['o.jurisdiction_id = $1', 'o.occurred_date between $2::date and $3::date'];
  if (query.organizationId) {
    params.push(query.organizationId);
    where.push(`exists (select 1 from reports r where r.jurisdiction_id = o.jurisdiction_id
      and r.overdose_id = o.id and r.organization_id = $${params.length})`);
  }
  if (query.after) {
    params.push(query.after.occurredAt.toISOString(), query.after.id);
    where.push(`(o.occurred_at, o.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(query.limit);
  const rows = await db.query<Row>(
    `select ${COLUMNS} from overdoses o where ${where.join(' and ')}
     order by o.occurred_at, o.id limit $${params.length}`,
    params,
  );
  return rows.map(fromRow);
}

/** How many overdoses a page query would give in all (the export's count, audited before it streams). */
export async function countAgencyOverdoses(
  db: Queryable,
  jurisdictionId: string,
  query: { organizationId: string | null; from: string; to: string },
): Promise<number> {
  const params: unknown[] = [jurisdictionId, query.from, query.to];
  let agency = '';
  if (query.organizationId) {
    params.push(query.organizationId);
    agency = `and exists (select 1 from reports r where r.jurisdiction_id = o.jurisdiction_id
      and r.overdose_id = o.id and r.organization_id = $4)`;
  }
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from overdoses o
     where o.jurisdiction_id = $1 and o.occurred_date between $2::date and $3::date ${agency}`,
    params,
  );
  return row?.n ?? 0;
}

/** The named overdoses of a jurisdiction that still exist (a push reads what a change touched). */
export async function readAgencyOverdoses(
  db: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<AgencyOverdose[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<Row>(
    `select ${COLUMNS} from overdoses o where o.jurisdiction_id = $1 and o.id = any($2::uuid[])
     order by o.occurred_at, o.id`,
    [jurisdictionId, ids],
  );
  return rows.map(fromRow);
}
