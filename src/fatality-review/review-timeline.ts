import type { ReviewContactCase } from '../outreach/review-contact-history.js';

/** One contact of the decedent with a system, as the review's timeline lists it. */
export interface TimelineEvent {
  at: Date;
  /** overdose, fatal_overdose, outreach_case, contact_attempt, visit, consent, referral, referral_attended, referral_completed. */
  kind: string;
  /** Which system: the overdose's sources (EMS, ED...) or the outreach program. */
  system: string;
  /** What happened, in a few words built from codes (never free text). */
  summary: string;
}

/** An overdose as the timeline places it. */
export interface TimelineOverdose {
  occurredAt: Date;
  fatal: boolean;
  sourceTypes: string[];
  naloxoneGiven: boolean | null;
  disposition: string | null;
}

const words = (code: string) => code.replaceAll('_', ' ');

/**
 * Every contact with systems before the death, and the death itself, oldest first: each overdose with
 * the sources that recorded it, and each outreach case with its attempts, visits, consents and referrals
 * (referred, attended, completed). Pure; events at the same instant keep the order they are listed in.
 */
export function reviewTimeline(
  overdoses: readonly TimelineOverdose[],
  cases: readonly ReviewContactCase[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const o of overdoses) {
    const details = [
      o.naloxoneGiven === true ? 'naloxone given' : o.naloxoneGiven === false ? 'no naloxone' : null,
      o.disposition ? words(o.disposition) : null,
    ].filter((d): d is string => d !== null);
    events.push({
      at: o.occurredAt,
      kind: o.fatal ? 'fatal_overdose' : 'overdose',
      system:
        o.sourceTypes.map((s) => (s.length <= 3 ? s.toUpperCase() : words(s))).join(', ') || 'unknown source',
      summary: `${o.fatal ? 'Fatal overdose' : 'Nonfatal overdose'}${details.length ? `: ${details.join(', ')}` : ''}`,
    });
  }
  for (const c of cases) {
    const system = `Outreach: ${c.programName}`;
    events.push({
      at: c.openedAt,
      kind: 'outreach_case',
      system,
      summary: `Outreach case opened (${words(c.kind)})`,
    });
    for (const a of c.attempts) {
      events.push({
        at: a.at,
        kind: 'contact_attempt',
        system,
        summary: `Contact attempt by ${words(a.method)}: ${words(a.outcome)}`,
      });
    }
    for (const v of c.visits) {
      const accepted = v.servicesAccepted.length
        ? `; accepted ${v.servicesAccepted.map(words).join(', ')}`
        : '';
      events.push({
        at: v.at,
        kind: 'visit',
        system,
        summary: `Visit (${words(v.locationType)}); offered ${v.servicesOffered.map(words).join(', ') || 'nothing'}${accepted}`,
      });
    }
    for (const x of c.consents) {
      events.push({
        at: x.at,
        kind: 'consent',
        system,
        summary: `Consent to ${words(x.scope)} (${words(x.method)})${x.revokedAt ? ', later revoked' : ''}`,
      });
    }
    for (const r of c.referrals) {
      events.push({
        at: r.referredAt,
        kind: 'referral',
        system,
        summary: `Referral for ${words(r.need)} to ${r.serviceName}: now ${words(r.status)}`,
      });
      if (r.firstAttendedAt) {
        events.push({
          at: r.firstAttendedAt,
          kind: 'referral_attended',
          system,
          summary: `Attended ${r.serviceName}`,
        });
      }
      if (r.completedAt) {
        events.push({
          at: r.completedAt,
          kind: 'referral_completed',
          system,
          summary: `Completed ${r.serviceName}`,
        });
      }
    }
    if (c.closedAt) {
      events.push({
        at: c.closedAt,
        kind: 'outreach_case_closed',
        system,
        summary: `Outreach case closed${c.closeReason ? ` (${words(c.closeReason)})` : ''}`,
      });
    }
  }
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
}
