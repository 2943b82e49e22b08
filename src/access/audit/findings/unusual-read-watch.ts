import type { Database } from '../../../platform/database.js';
import { listAuditedJurisdictions, readAuditPage, readPersonReadsSince } from '../audit-repository.js';
import {
  type FindingRow,
  insertFindings,
  listFindingsToMail,
  markFindingsMailed,
  readFindingCursor,
  readWatchSettings,
  saveFindingCursor,
} from './finding-repository.js';
import {
  type FindingKind,
  findBrokenGlasses,
  findManyPersonReads,
  findOutOfHoursReads,
} from './unusual-reads.js';

/** The job that looks for unusual reads in the audit trail. */
export const UNUSUAL_READS_JOB = 'audit.unusual-reads';

/** A plain-text email to a privacy contact. */
export interface FindingMail {
  to: string;
  subject: string;
  body: string;
}

/** Entries read per query. */
const PAGE = 5000;
/** Findings of entries older than this are listed but not mailed (no backlog for a contact set later). */
const MAIL_WITHIN_MS = 2 * 24 * 3_600_000;

const KIND_TEXT: Record<FindingKind, string> = {
  many_persons: 'read more persons within an hour than usual',
  out_of_hours: 'read identifiable or line-level data outside working hours',
  break_the_glass: 'broke the glass (an emergency read of a record outside their program)',
};

/** The email about one finding: who, which day, how much; no person is named (see the trail page). */
export function findingMail(to: string, finding: FindingRow, siteUrl: string): FindingMail {
  const who = finding.actor_email ?? `user ${finding.actor_id}`;
  const counts = Object.entries(finding.details)
    .filter(([key, value]) => typeof value === 'number' || key === 'subject_type')
    .map(([key, value]) => `${key.replaceAll('_', ' ')}: ${String(value)}`);
  return {
    to,
    subject: `SOS: ${who} ${KIND_TEXT[finding.kind]} on ${finding.day}`,
    body: [
      `${who} ${KIND_TEXT[finding.kind]} on ${finding.day} (audit entry ${finding.seq}, ${finding.at.toISOString()}).`,
      ...counts,
      '',
      `Review it on the audit trail: ${siteUrl}/admin/audit`,
      'You receive at most one such email per kind, user and day.',
    ].join('\n'),
  };
}

/**
 * Reads each jurisdiction's audit entries written since its last run (a cursor kept per jurisdiction),
 * applies the unusual-read rules, records what they find, and mails the jurisdiction's privacy
 * contact at most once per kind, user and day. A mail that fails is tried again at the next run.
 */
export class UnusualReadWatch {
  constructor(
    private readonly deps: {
      db: Database;
      mailer: { configured: boolean; send(mail: FindingMail): Promise<unknown> };
      siteUrl: string;
      perHour: number;
      workingHours: { from: number; to: number };
      workingDays: readonly number[];
      onError?: (error: unknown) => void;
    },
  ) {}

  /** One run over every jurisdiction; answers the findings recorded and the emails sent. */
  async runOnce(now: Date): Promise<{ found: number; mailed: number }> {
    let found = 0;
    let mailed = 0;
    for (const jurisdictionId of await listAuditedJurisdictions(this.deps.db)) {
      const settings = await readWatchSettings(this.deps.db, jurisdictionId);
      if (!settings) continue;
      found += await this.readNewEntries(jurisdictionId, settings.timeZone, now);
      if (settings.privacyContactEmail && this.deps.mailer.configured) {
        mailed += await this.mail(jurisdictionId, settings.privacyContactEmail, now);
      }
    }
    return { found, mailed };
  }

  private async readNewEntries(jurisdictionId: string, timeZone: string, now: Date): Promise<number> {
    const { db } = this.deps;
    let found = 0;
    for (;;) {
      const cursor = await readFindingCursor(db, jurisdictionId);
      const page = await readAuditPage(db, jurisdictionId, cursor, PAGE);
      const first = page[0];
      const last = page[page.length - 1];
      if (!first || !last) return found;
      // The hour before the first new entry: a window that spans two runs is counted whole.
      const context = await readPersonReadsSince(
        db,
        jurisdictionId,
        new Date(first.at.getTime() - 3_600_000),
        cursor,
      );
      const findings = [
        ...findManyPersonReads([...context, ...page], {
          perHour: this.deps.perHour,
          newAfterSeq: cursor,
          timeZone,
        }),
        ...findOutOfHoursReads(page, { timeZone, ...this.deps.workingHours, days: this.deps.workingDays }),
        ...findBrokenGlasses(page, timeZone),
      ];
      await db.transaction(async (tx) => {
        found += (await insertFindings(tx, jurisdictionId, findings, now)).length;
        await saveFindingCursor(tx, jurisdictionId, last.seq);
      });
    }
  }

  private async mail(jurisdictionId: string, to: string, now: Date): Promise<number> {
    const { db } = this.deps;
    const sent = new Set<string>();
    for (const finding of await listFindingsToMail(
      db,
      jurisdictionId,
      new Date(now.getTime() - MAIL_WITHIN_MS),
    )) {
      const group = `${finding.kind}\u0000${finding.actor_id}\u0000${finding.day}`;
      if (sent.has(group)) continue;
      try {
        await this.deps.mailer.send(findingMail(to, finding, this.deps.siteUrl));
      } catch (error) {
        this.deps.onError?.(error);
        continue;
      }
      sent.add(group);
      await markFindingsMailed(db, jurisdictionId, finding, now);
    }
    return sent.size;
  }
}
