import { recordAuditEntries } from '../access/audit/audit-log.js';
import { type Actor, auditActor } from '../access/roles.js';
import { activeUserEmails } from '../access/users/user-directory.js';
import type { Database } from '../platform/database.js';
import { programCoordinatorEmails, sendEachMail } from './coordinator-mail.js';
import type { OutreachMailer } from './outreach-mailer.js';
import { escalationMail, type MailedCase, reminderMail } from './overdue-mail-text.js';
import { clockStoppingSql } from './response-clock.js';

/** The job's name on every server (its claim row). */
export const OVERDUE_ESCALATION_JOB = 'outreach.overdue-escalation';

/** How long before its due time the assigned worker is reminded of a case. */
export const REMINDER_HORIZON_HOURS = 12;

const jobActor: Actor = { kind: 'system', label: OVERDUE_ESCALATION_JOB };

/** An open case the job acts on, with its program and its due time. */
interface DueCase extends MailedCase {
  jurisdictionId: string;
  programId: string;
  programName: string;
  assignedTo: string | null;
}

/** What one run did: cases escalated and reminded, emails sent. */
export interface OverdueRun {
  escalated: number;
  reminded: number;
  emails: number;
}

// An open case, not purged, whose survivor no attempt has reached (nor heard decline); `due` is its due time.
const dueCases = (extra: string) => `
  select c.jurisdiction_id as "jurisdictionId", c.id, c.program_id as "programId", p.name as "programName",
         c.assigned_to as "assignedTo", c.clock_started_at + make_interval(hours => p.response_window_hours) as "dueAt"
  from outreach_cases c
  join outreach_programs p on p.jurisdiction_id = c.jurisdiction_id and p.id = c.program_id
  where c.status = 'open' and c.purged_at is null
    and not exists (
      select 1 from outreach_contact_attempts a
      where a.jurisdiction_id = c.jurisdiction_id and a.case_id = c.id and ${clockStoppingSql})
    and ${extra}
  order by c.jurisdiction_id, c.program_id, "dueAt", c.id`;

/** Groups items by a key, keeping their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * The outreach clock's job (every few minutes): open cases past their due time (the clock's start plus
 * the program's response window) with the survivor not yet reached are escalated once to the program's
 * coordinators, and the worker assigned a case due within REMINDER_HORIZON_HOURS is reminded once (again
 * after a reassignment). Cases are marked before the mail leaves, so two runs never mail a case twice;
 * a failed send unmarks its cases and fails the run, so the runner's retry or the next run mails them.
 */
export class OverdueEscalation {
  constructor(
    private readonly deps: { db: Database; mailer: OutreachMailer; siteUrl: string },
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Escalates and reminds what is due at `now`; throws when any email could not be sent. */
  async runOnce(now: Date): Promise<OverdueRun> {
    const failures: unknown[] = [];
    const escalated = await this.escalate(now, failures);
    const reminded = await this.remind(now, failures);
    if (failures.length > 0) {
      for (const failure of failures.slice(1)) this.onError(failure);
      throw failures[0];
    }
    return {
      escalated: escalated.cases,
      reminded: reminded.cases,
      emails: escalated.emails + reminded.emails,
    };
  }

  private async escalate(now: Date, failures: unknown[]): Promise<{ cases: number; emails: number }> {
    const { db } = this.deps;
    const overdue = await db.query<DueCase>(
      dueCases(
        'c.escalated_at is null and c.clock_started_at + make_interval(hours => p.response_window_hours) < $1',
      ),
      [now],
    );
    let cases = 0;
    let emails = 0;
    for (const group of groupBy(overdue, (c) => `${c.jurisdictionId}/${c.programId}`).values()) {
      const { jurisdictionId, programId, programName } = group[0] as DueCase;
      const marked = await this.mark(now, jurisdictionId, group, 'escalated_at', {
        action: 'outreach_case.escalate',
        subjectType: 'outreach_program',
        subjectId: programId,
      });
      if (marked.length === 0) continue;
      const coordinators = await programCoordinatorEmails(db, jurisdictionId, programId);
      const mails = coordinators.map((to) => escalationMail(to, programName, marked, this.deps.siteUrl));
      const { sent, failed } = await sendEachMail(this.deps.mailer, mails, failures);
      if (failed > 0) {
        await this.unmark(now, jurisdictionId, marked, 'escalated_at');
        continue;
      }
      cases += marked.length;
      emails += sent;
    }
    return { cases, emails };
  }

  private async remind(now: Date, failures: unknown[]): Promise<{ cases: number; emails: number }> {
    const { db } = this.deps;
    const dueSoon = await db.query<DueCase>(
      dueCases(`c.assigned_to is not null
        and (c.reminded_at is null or c.reminded_at < c.assigned_at)
        and c.clock_started_at + make_interval(hours => p.response_window_hours) > $1
        and c.clock_started_at + make_interval(hours => p.response_window_hours) <= $2`),
      [now, new Date(now.getTime() + REMINDER_HORIZON_HOURS * 3_600_000)],
    );
    let cases = 0;
    let emails = 0;
    for (const group of groupBy(dueSoon, (c) => `${c.jurisdictionId}/${c.assignedTo}`).values()) {
      const { jurisdictionId, assignedTo } = group[0] as DueCase & { assignedTo: string };
      const [email] = (
        await activeUserEmails(db, jurisdictionId, [assignedTo], ['outreach_worker', 'outreach_coordinator'])
      ).values();
      const marked = await this.mark(now, jurisdictionId, group, 'reminded_at', {
        action: 'outreach_case.remind',
        subjectType: 'user',
        subjectId: assignedTo,
      });
      if (marked.length === 0) continue;
      const mails = email ? [reminderMail(email, marked, REMINDER_HORIZON_HOURS, this.deps.siteUrl)] : [];
      const { sent, failed } = await sendEachMail(this.deps.mailer, mails, failures);
      if (failed > 0) {
        await this.unmark(now, jurisdictionId, marked, 'reminded_at');
        continue;
      }
      cases += marked.length;
      emails += sent;
    }
    return { cases, emails };
  }

  /**
   * Marks the cases not yet marked (another run may have just done so) and writes the audit entry of
   * what was marked, in one transaction; returns the cases this run marked.
   */
  private async mark(
    now: Date,
    jurisdictionId: string,
    cases: readonly DueCase[],
    column: 'escalated_at' | 'reminded_at',
    audit: { action: string; subjectType: string; subjectId: string },
  ): Promise<DueCase[]> {
    return this.deps.db.transaction(async (tx) => {
      const condition =
        column === 'escalated_at'
          ? 'escalated_at is null'
          : '(reminded_at is null or reminded_at < assigned_at)';
      const rows = await tx.query<{ id: string }>(
        `update outreach_cases set ${column} = $3
         where jurisdiction_id = $1 and id = any($2::uuid[]) and ${condition}
         returning id`,
        [jurisdictionId, cases.map((c) => c.id), now],
      );
      const ids = new Set(rows.map((r) => r.id));
      const marked = cases.filter((c) => ids.has(c.id));
      if (marked.length > 0) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(jobActor),
            ...audit,
            purpose: 'operations',
            details: { count: marked.length, case_ids: marked.map((c) => c.id) },
          },
        ]);
      }
      return marked;
    });
  }

  /** Gives cases whose email failed back to the next run (only the marks this run made). */
  private async unmark(
    now: Date,
    jurisdictionId: string,
    cases: readonly DueCase[],
    column: 'escalated_at' | 'reminded_at',
  ): Promise<void> {
    await this.deps.db.query(
      `update outreach_cases set ${column} = null
       where jurisdiction_id = $1 and id = any($2::uuid[]) and ${column} = $3`,
      [jurisdictionId, cases.map((c) => c.id), now],
    );
  }
}
