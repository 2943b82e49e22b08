import { z } from 'zod';
import type { PersonInput } from '../persons/person-input.js';
import {
  presentAttempt,
  presentConsent,
  presentedAttemptSchema,
  presentedConsentSchema,
  presentedVisitSchema,
  presentVisit,
  type UserNames,
} from './case-record-presenter.js';
import type { CaseOverdose } from './case-record-repository.js';
import { type Consent, type ContactAttempt, consentInForce, type Visit } from './case-records.js';
import type { OutreachCase, OutreachProgram } from './case-repository.js';
import {
  caseKinds,
  caseOrigins,
  closeReasons,
  consentScopes,
  contactFlags,
  contactMethods,
  contactOutcomes,
  type DeflectionPathway,
  deflectionPathways,
} from './outreach-vocabulary.js';
import { presentPolicies, programPoliciesSchema } from './program-presenter.js';
import { presentReferral, type ReferralRecord, referralSchema } from './referral-presenter.js';
import { dueAt, hoursSinceStart, isOverdue, stopsTheClock } from './response-clock.js';

/** A case on the queue: no identifiers (no name, no contact details, no free text), only its state. */
export const caseSummarySchema = z.object({
  id: z.uuid(),
  program_id: z.uuid(),
  kind: z.enum(caseKinds),
  origin: z.enum(caseOrigins),
  pathway: z.enum(deflectionPathways).nullable(),
  status: z.enum(['open', 'closed']),
  clock_started_at: z.string(),
  due_at: z.string().describe('When the response window closes: the clock plus the program window'),
  hours_since_start: z.number().describe('Hours since the clock started, to one decimal'),
  response_window_hours: z.number().int(),
  overdue: z.boolean().describe('Open, nobody reached the survivor, and the window has closed'),
  area_id: z.string().nullable(),
  contact_flags: z.array(z.enum(contactFlags)),
  assigned_to: z.object({ user_id: z.uuid(), display_name: z.string() }).nullable(),
  assigned_at: z.string().nullable(),
  overdose_count: z.number().int(),
  attempt_count: z.number().int(),
  attempts_remaining: z.number().int(),
  last_attempt: z
    .object({ attempted_at: z.string(), method: z.enum(contactMethods), outcome: z.enum(contactOutcomes) })
    .nullable(),
  consents_in_force: z.array(z.enum(consentScopes)),
  escalated_at: z.string().nullable(),
  opened_at: z.string(),
  closed_at: z.string().nullable(),
  close_reason: z.enum(closeReasons).nullable(),
});

/** A presented case summary. */
export type CaseSummary = z.infer<typeof caseSummarySchema>;

const personSchema = z.object({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  birth_date: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
});

/** A case with the person and everything recorded on it (T3: every read audited). */
export const caseDetailSchema = caseSummarySchema.extend({
  person: personSchema
    .nullable()
    .describe('The survivor from the vault; null once purged or when nobody is named'),
  overdoses: z.array(
    z.object({ overdose_id: z.uuid(), occurred_at: z.string(), fatal: z.boolean().nullable() }),
  ),
  attempts: z.array(presentedAttemptSchema),
  visits: z.array(presentedVisitSchema),
  consents: z.array(presentedConsentSchema),
  referrals: z.array(referralSchema),
  program: z.object({ id: z.uuid(), name: z.string(), policies: programPoliciesSchema }),
});

/** A presented case detail. */
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** What a summary is made of: the case, its program's window and cap, and what was recorded on it. */
export interface CaseFacts {
  outreachCase: OutreachCase;
  program: Pick<OutreachProgram, 'responseWindowHours' | 'attemptCap'>;
  attempts: readonly ContactAttempt[];
  consents: readonly Consent[];
  overdoseCount: number;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Presents a case for the queue (fields allowlisted), its clock read at `now`. */
export function presentCaseSummary(facts: CaseFacts, names: UserNames, now: Date): CaseSummary {
  const c = facts.outreachCase;
  const due = dueAt(c.clockStartedAt, facts.program.responseWindowHours);
  const last = facts.attempts.reduce<ContactAttempt | null>(
    (latest, a) => (latest === null || a.attemptedAt.getTime() >= latest.attemptedAt.getTime() ? a : latest),
    null,
  );
  const survivorReached = facts.attempts.some((a) => stopsTheClock(a.outcome));
  return {
    id: c.id,
    program_id: c.programId,
    kind: c.kind,
    origin: c.origin,
    pathway: c.pathway as DeflectionPathway | null,
    status: c.status,
    clock_started_at: c.clockStartedAt.toISOString(),
    due_at: due.toISOString(),
    hours_since_start: hoursSinceStart(c.clockStartedAt, now),
    response_window_hours: facts.program.responseWindowHours,
    overdue: isOverdue({ status: c.status, survivorReached, dueAt: due }, now),
    area_id: c.areaId,
    contact_flags: c.contactFlags,
    assigned_to: c.assignedTo ? { user_id: c.assignedTo, display_name: names.get(c.assignedTo) ?? '' } : null,
    assigned_at: iso(c.assignedAt),
    overdose_count: facts.overdoseCount,
    attempt_count: facts.attempts.length,
    attempts_remaining: Math.max(0, facts.program.attemptCap - facts.attempts.length),
    last_attempt: last
      ? { attempted_at: last.attemptedAt.toISOString(), method: last.method, outcome: last.outcome }
      : null,
    consents_in_force: [...new Set(facts.consents.filter((k) => consentInForce(k, now)).map((k) => k.scope))],
    escalated_at: iso(c.escalatedAt),
    opened_at: c.openedAt.toISOString(),
    closed_at: iso(c.closedAt),
    close_reason: c.closeReason,
  };
}

/** Presents a case with its person and records (fields allowlisted). */
export function presentCaseDetail(
  facts: CaseFacts & {
    program: OutreachProgram;
    person: PersonInput | null;
    overdoses: readonly CaseOverdose[];
    visits: readonly Visit[];
    referrals: readonly ReferralRecord[];
  },
  names: UserNames,
  now: Date,
): CaseDetail {
  const p = facts.person;
  return {
    ...presentCaseSummary(facts, names, now),
    person: p
      ? {
          first_name: p.first_name ?? null,
          last_name: p.last_name ?? null,
          birth_date: p.birth_date ?? null,
          phone: p.phone ?? null,
          email: p.email ?? null,
          address: p.address ?? null,
        }
      : null,
    overdoses: facts.overdoses.map((o) => ({
      overdose_id: o.overdoseId,
      occurred_at: o.occurredAt.toISOString(),
      fatal: o.fatal,
    })),
    attempts: facts.attempts.map((a) => presentAttempt(a, names)),
    visits: facts.visits.map((v) => presentVisit(v, names)),
    consents: facts.consents.map((k) => presentConsent(k, names, now)),
    referrals: facts.referrals.map((r) => presentReferral(r, now)),
    program: { id: facts.program.id, name: facts.program.name, policies: presentPolicies(facts.program) },
  };
}
