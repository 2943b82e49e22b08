import type { Queryable } from '../platform/database.js';
import type { PagePosition } from '../platform/page-cursor.js';
import type { CaseScope } from './case-queue-access.js';
import { caseColumns, type OutreachCase } from './case-repository.js';
import type { CloseReason } from './outreach-vocabulary.js';
import { clockStoppingSql } from './response-clock.js';

/** What the queue is filtered by: the policy's scopes, then the request's filters. */
export interface QueueFilter {
  jurisdictionId: string;
  /** The cases the policy opens to the reader (any one matching); none reads nothing. */
  scopes: readonly CaseScope[];
  programId?: string | undefined;
  status: 'open' | 'closed' | 'all';
  /** Only cases assigned to this user, or only unassigned ones. */
  assignedTo?: string | null | undefined;
  /** Only open cases past their window that nobody reached, at `now`. */
  overdueAt?: Date | undefined;
}

/** A case on the queue, with its program's window and cap and its place in the order. */
export interface QueuedCase extends OutreachCase {
  responseWindowHours: number;
  attemptCap: number;
  /** Its place in the queue's order, for the next page's cursor. */
  position: PagePosition;
}

// To the millisecond, as a page cursor carries it, so that a page continues exactly where one ended.
const due = `date_trunc('milliseconds', c.clock_started_at + p.response_window_hours * interval '1 hour')`;
const reached = `exists (select 1 from outreach_contact_attempts a
  where a.jurisdiction_id = c.jurisdiction_id and a.case_id = c.id and ${clockStoppingSql})`;

/** The WHERE clause of the queue and its parameters (numbered from 1). */
function whereOf(filter: QueueFilter, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses = [`c.jurisdiction_id = ${p(filter.jurisdictionId)}`];
  const scopes = filter.scopes.map((scope) => {
    const parts = ['true'];
    if (scope.programIds) parts.push(`c.program_id = any(${p([...scope.programIds])}::uuid[])`);
    if (scope.assignedTo) parts.push(`c.assigned_to = ${p(scope.assignedTo)}::uuid`);
    return `(${parts.join(' and ')})`;
  });
  clauses.push(scopes.length ? `(${scopes.join(' or ')})` : 'false');
  if (filter.programId) clauses.push(`c.program_id = ${p(filter.programId)}::uuid`);
  if (filter.status !== 'all') clauses.push(`c.status = ${p(filter.status)}`);
  if (filter.assignedTo === null) clauses.push('c.assigned_to is null');
  else if (filter.assignedTo) clauses.push(`c.assigned_to = ${p(filter.assignedTo)}::uuid`);
  if (filter.overdueAt) {
    clauses.push(`c.status = 'open' and not ${reached} and ${due} < ${p(filter.overdueAt)}::timestamptz`);
  }
  return clauses.join(' and ');
}

/**
 * One page of the queue: cases by when their window closes (most urgent first), then by id; `after`
 * continues from a page's last case (keyset pagination: no case skipped or repeated when cases open
 * or close between pages).
 */
export async function listQueue(
  db: Queryable,
  filter: QueueFilter,
  page: { after: PagePosition | null; limit: number },
): Promise<QueuedCase[]> {
  const params: unknown[] = [];
  let where = whereOf(filter, params);
  if (page.after) {
    params.push(page.after.at, page.after.id);
    where += ` and (${due}, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(page.limit);
  const rows = await db.query<
    OutreachCase & { responseWindowHours: number; attemptCap: number; dueAt: Date }
  >(
    `select ${caseColumns.replace(/(^|,\s*)([a-z_]+)/g, '$1c.$2')},
       p.response_window_hours as "responseWindowHours", p.attempt_cap as "attemptCap", ${due} as "dueAt"
     from outreach_cases c
     join outreach_programs p on p.jurisdiction_id = c.jurisdiction_id and p.id = c.program_id
     where ${where}
     order by ${due}, c.id
     limit $${params.length}`,
    params,
  );
  return rows.map(({ dueAt, ...c }) => ({ ...c, position: { at: dueAt, id: c.id } }));
}

/** How many cases the queue holds under the filter, over all pages. */
export async function countQueue(db: Queryable, filter: QueueFilter): Promise<number> {
  const params: unknown[] = [];
  const where = whereOf(filter, params);
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from outreach_cases c
     join outreach_programs p on p.jurisdiction_id = c.jurisdiction_id and p.id = c.program_id
     where ${where}`,
    params,
  );
  return row?.n ?? 0;
}

/** Stores a new case. */
export async function insertCase(db: Queryable, c: OutreachCase): Promise<void> {
  await db.query(
    `insert into outreach_cases (jurisdiction_id, id, program_id, kind, origin, pathway, person_id, match_key,
       status, clock_started_at, area_id, contact_flags, assigned_to, assigned_at, opened_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12::json,$13,$14,$15)`,
    [
      c.jurisdictionId,
      c.id,
      c.programId,
      c.kind,
      c.origin,
      c.pathway,
      c.personId,
      c.matchKey,
      c.status,
      c.clockStartedAt,
      c.areaId,
      JSON.stringify(c.contactFlags),
      c.assignedTo,
      c.assignedAt,
      c.openedAt,
    ],
  );
}

/** Assigns a case to a user (or to nobody), from `at`. */
export async function assignCase(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
  userId: string | null,
  at: Date | null,
): Promise<void> {
  await db.query(
    'update outreach_cases set assigned_to = $3, assigned_at = $4 where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, caseId, userId, at],
  );
}

/** Closes a case with its reason. */
export async function closeCase(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
  reason: CloseReason,
  at: Date,
): Promise<void> {
  await db.query(
    `update outreach_cases set status = 'closed', closed_at = $4, close_reason = $3
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, caseId, reason, at],
  );
}

/** The open cases of a program with what queue health counts of them. */
export function openCasesOfProgram(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
): Promise<
  { clockStartedAt: Date; assignedTo: string | null; contactFlags: string[]; survivorReached: boolean }[]
> {
  return db.query(
    `select c.clock_started_at as "clockStartedAt", c.assigned_to as "assignedTo",
       c.contact_flags as "contactFlags", ${reached} as "survivorReached"
     from outreach_cases c where c.jurisdiction_id = $1 and c.program_id = $2 and c.status = 'open'`,
    [jurisdictionId, programId],
  );
}

/** Law enforcement at each visit of a program's cases since a time (de-identified: no case, no person). */
export function visitTeamsSince(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  since: Date,
): Promise<{ lawEnforcementPresent: boolean; lawEnforcementDress: string | null }[]> {
  return db.query(
    `select v.law_enforcement_present as "lawEnforcementPresent", v.law_enforcement_dress as "lawEnforcementDress"
     from outreach_visits v
     join outreach_cases c on c.jurisdiction_id = v.jurisdiction_id and c.id = v.case_id
     where v.jurisdiction_id = $1 and c.program_id = $2 and v.visited_at >= $3`,
    [jurisdictionId, programId, since],
  );
}
