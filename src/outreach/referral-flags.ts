import { recordAuditEntries } from '../access/audit/audit-log.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import { programCoordinatorEmails, sendEachMail } from './coordinator-mail.js';
import type { OutreachMailer } from './outreach-mailer.js';
import { type MailedReferral, unansweredReferralsMail } from './referral-flag-mail.js';

/** The job's name on every server (its claim row). */
export const REFERRAL_FLAGS_JOB = 'outreach.referral-flags';

const jobActor: Actor = { kind: 'system', label: REFERRAL_FLAGS_JOB };

/** A referral past its program's answer window, with what the email says of it. */
interface UnansweredReferral extends MailedReferral {
  jurisdictionId: string;
  id: string;
  programId: string;
  programName: string;
  answerDays: number;
}

/** What one run did: referrals flagged, emails sent. */
export interface ReferralFlagsRun {
  flagged: number;
  emails: number;
}

/**
 * The closed loop's watch (a job): referrals still `requested` longer than their program's
 * referral_answer_days are flagged (flagged_at) and the program's coordinators emailed once about
 * them. Flags are set before the mail leaves, so two servers never mail a referral twice; a failed
 * send takes this run's flags back and fails the run, so the retry or the next run mails them.
 */
export class ReferralFlags {
  constructor(
    private readonly deps: { db: Database; mailer: OutreachMailer; siteUrl: string },
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Flags what has waited too long at `now`; throws when any email could not be sent. */
  async runOnce(now: Date): Promise<ReferralFlagsRun> {
    const { db, mailer, siteUrl } = this.deps;
    const waiting = await db.query<UnansweredReferral>(
      `select r.jurisdiction_id as "jurisdictionId", r.id, r.case_id as "caseId", r.program_id as "programId",
              r.service_name as "serviceName", r.referred_at as "referredAt", p.name as "programName",
              p.referral_answer_days as "answerDays"
       from outreach_referrals r
       join outreach_programs p on p.jurisdiction_id = r.jurisdiction_id and p.id = r.program_id
       where r.status = 'requested' and r.flagged_at is null
         and r.referred_at + make_interval(days => p.referral_answer_days) < $1
       order by r.jurisdiction_id, r.program_id, r.referred_at, r.id`,
      [now],
    );
    const failures: unknown[] = [];
    let flagged = 0;
    let emails = 0;
    const byProgram = new Map<string, UnansweredReferral[]>();
    for (const r of waiting) {
      const key = `${r.jurisdictionId}/${r.programId}`;
      byProgram.set(key, [...(byProgram.get(key) ?? []), r]);
    }
    for (const group of byProgram.values()) {
      const { jurisdictionId, programId, programName, answerDays } = group[0] as UnansweredReferral;
      const marked = await this.flag(now, jurisdictionId, programId, group);
      if (marked.length === 0) continue;
      const coordinators = await programCoordinatorEmails(db, jurisdictionId, programId);
      const mails = coordinators.map((to) =>
        unansweredReferralsMail(to, programName, answerDays, marked, siteUrl),
      );
      const { sent, failed } = await sendEachMail(mailer, mails, failures);
      if (failed > 0) {
        await db.query(
          `update outreach_referrals set flagged_at = null
           where jurisdiction_id = $1 and id = any($2::uuid[]) and flagged_at = $3`,
          [jurisdictionId, marked.map((r) => r.id), now],
        );
        continue;
      }
      flagged += marked.length;
      emails += sent;
    }
    if (failures.length > 0) {
      for (const failure of failures.slice(1)) this.onError(failure);
      throw failures[0];
    }
    return { flagged, emails };
  }

  /** Flags the referrals not flagged nor answered meanwhile, with the audit entry, in one transaction. */
  private flag(
    now: Date,
    jurisdictionId: string,
    programId: string,
    referrals: readonly UnansweredReferral[],
  ): Promise<UnansweredReferral[]> {
    return this.deps.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `update outreach_referrals set flagged_at = $3
         where jurisdiction_id = $1 and id = any($2::uuid[]) and flagged_at is null and status = 'requested'
         returning id`,
        [jurisdictionId, referrals.map((r) => r.id), now],
      );
      const ids = new Set(rows.map((r) => r.id));
      const marked = referrals.filter((r) => ids.has(r.id));
      if (marked.length > 0) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(jobActor),
            action: 'outreach_referral.flag',
            subjectType: 'outreach_program',
            subjectId: programId,
            purpose: 'operations',
            details: { count: marked.length, referral_ids: marked.map((r) => r.id) },
          },
        ]);
      }
      return marked;
    });
  }
}
