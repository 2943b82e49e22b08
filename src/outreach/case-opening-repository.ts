import type { Queryable } from '../platform/database.js';
import type { CaseKind, ContactFlag } from './outreach-vocabulary.js';

/**
 * Serializes case opening in a jurisdiction for the transaction: two events about one person handled
 * at once (one claim's events run together, and servers share the outbox) must not open two cases.
 */
export async function lockCaseOpening(tx: Queryable, jurisdictionId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
    `outreach-opening:${jurisdictionId}`,
  ]);
}

/**
 * The open survivor's case of a program for the person: the same vault id, or the same match key
 * (another report's person with the same name and birth date). The oldest when several match.
 */
export async function findOpenCaseOfPerson(
  tx: Queryable,
  jurisdictionId: string,
  programId: string,
  person: { personId: string; matchKey: string | null },
): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    `select id from outreach_cases
     where jurisdiction_id = $1 and program_id = $2 and status = 'open' and kind = 'post_overdose'
       and (person_id = $3 or match_key = $4)
     order by opened_at, id limit 1`,
    [jurisdictionId, programId, person.personId, person.matchKey],
  );
  return rows[0]?.id ?? null;
}

/** An overdose joining a case. */
export interface CaseOverdoseRow {
  jurisdictionId: string;
  programId: string;
  caseId: string;
  overdoseId: string;
  organizationId: string;
  occurredAt: Date;
  fatal: boolean | null;
  addedAt: Date;
}

/**
 * Adds an overdose to a case unless it is already in one of the program's cases (an event handled
 * again); true when it was added.
 */
export async function addCaseOverdose(tx: Queryable, row: CaseOverdoseRow): Promise<boolean> {
  const added = await tx.query(
    `insert into outreach_case_overdoses
       (jurisdiction_id, program_id, case_id, overdose_id, organization_id, occurred_at, fatal, added_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (jurisdiction_id, program_id, overdose_id) do nothing
     returning overdose_id`,
    [
      row.jurisdictionId,
      row.programId,
      row.caseId,
      row.overdoseId,
      row.organizationId,
      row.occurredAt,
      row.fatal,
      row.addedAt,
    ],
  );
  return added.length > 0;
}

/** A case opened by an overdose. */
export interface OpenedCaseRow {
  jurisdictionId: string;
  id: string;
  programId: string;
  kind: CaseKind;
  personId: string;
  matchKey: string | null;
  clockStartedAt: Date;
  areaId: string;
  contactFlags: readonly ContactFlag[];
  openedAt: Date;
}

/** Inserts a case opened by an overdose: open, unassigned, its clock from the overdose. */
export async function insertOpenedCase(tx: Queryable, row: OpenedCaseRow): Promise<void> {
  await tx.query(
    `insert into outreach_cases
       (jurisdiction_id, id, program_id, kind, origin, person_id, match_key, status, clock_started_at,
        area_id, contact_flags, opened_at)
     values ($1, $2, $3, $4, 'overdose', $5, $6, 'open', $7, $8, $9, $10)`,
    [
      row.jurisdictionId,
      row.id,
      row.programId,
      row.kind,
      row.personId,
      row.matchKey,
      row.clockStartedAt,
      row.areaId,
      JSON.stringify(row.contactFlags),
      row.openedAt,
    ],
  );
}
