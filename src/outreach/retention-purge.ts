import { recordAuditEntries } from '../access/audit/audit-log.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Database } from '../platform/database.js';

/** The job's name on every server (its claim row). */
export const RETENTION_PURGE_JOB = 'outreach.retention-purge';

const jobActor: Actor = { kind: 'system', label: RETENTION_PURGE_JOB };

/** What one run purged, by program. */
export interface RetentionRun {
  purged: { jurisdictionId: string; programId: string; count: number }[];
}

/**
 * The daily retention purge: a closed case whose closing is older than its program's retention_days
 * loses its identifiers (the vault id and the match key) and every free text a worker typed about the
 * survivor (attempt notes and cap override reasons, risk-reduction plans, the relations of the network
 * members reached, consent recipients); purged_at is set. The de-identified facts stay for the metrics:
 * the case's dates, area, pathway and outcome, how many attempts, when and how, the visits and their
 * services. The vault's person row is the persons module's: reports keep naming it for surveillance.
 * One audit entry per program purged in the run, in the purge's transaction.
 */
export class RetentionPurge {
  constructor(private readonly db: Database) {}

  /** Purges what is due at `now`. */
  async runOnce(now: Date): Promise<RetentionRun> {
    const due = await this.db.query<{
      jurisdictionId: string;
      programId: string;
      retentionDays: number;
      id: string;
    }>(
      `select c.jurisdiction_id as "jurisdictionId", c.program_id as "programId",
              p.retention_days as "retentionDays", c.id
       from outreach_cases c
       join outreach_programs p on p.jurisdiction_id = c.jurisdiction_id and p.id = c.program_id
       where c.status = 'closed' and c.purged_at is null
         and c.closed_at < $1::timestamptz - make_interval(days => p.retention_days)
       order by c.jurisdiction_id, c.program_id, c.id`,
      [now],
    );
    const byProgram = new Map<string, typeof due>();
    for (const row of due) {
      const key = `${row.jurisdictionId}/${row.programId}`;
      byProgram.set(key, [...(byProgram.get(key) ?? []), row]);
    }
    const run: RetentionRun = { purged: [] };
    for (const cases of byProgram.values()) {
      const { jurisdictionId, programId, retentionDays } = cases[0] as (typeof due)[number];
      const count = await this.purge(
        now,
        jurisdictionId,
        programId,
        retentionDays,
        cases.map((c) => c.id),
      );
      if (count > 0) run.purged.push({ jurisdictionId, programId, count });
    }
    return run;
  }

  /** Purges one program's cases in one transaction with its audit entry; returns how many it purged. */
  private purge(
    now: Date,
    jurisdictionId: string,
    programId: string,
    retentionDays: number,
    caseIds: string[],
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Only the cases still unpurged: another server's run may have taken some.
      const purged = await tx.query<{ id: string }>(
        `update outreach_cases set person_id = null, match_key = null, purged_at = $3
         where jurisdiction_id = $1 and id = any($2::uuid[]) and purged_at is null
         returning id`,
        [jurisdictionId, caseIds, now],
      );
      const ids = purged.map((r) => r.id);
      if (ids.length === 0) return 0;
      await tx.query(
        `update outreach_contact_attempts set note = null, cap_override_reason = null
         where jurisdiction_id = $1 and case_id = any($2::uuid[])`,
        [jurisdictionId, ids],
      );
      await tx.query(
        `update outreach_visits set risk_reduction_plan = null,
           network_reached = (
             select coalesce(json_agg(jsonb_set(member::jsonb, '{relation}', '""'::jsonb) order by position), '[]'::json)
             from json_array_elements(network_reached) with ordinality as reached(member, position))
         where jurisdiction_id = $1 and case_id = any($2::uuid[])`,
        [jurisdictionId, ids],
      );
      await tx.query(
        `update outreach_consents set recipient = null where jurisdiction_id = $1 and case_id = any($2::uuid[])`,
        [jurisdictionId, ids],
      );
      await recordAuditEntries(tx, jurisdictionId, now, [
        {
          ...auditActor(jobActor),
          action: 'outreach_case.purge',
          subjectType: 'outreach_program',
          subjectId: programId,
          purpose: 'operations',
          details: { count: ids.length, retention_days: retentionDays, case_ids: ids },
        },
      ]);
      return ids.length;
    });
  }
}
