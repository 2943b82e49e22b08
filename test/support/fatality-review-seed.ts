import { randomUUID } from 'node:crypto';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import type { AppContext } from '../../src/main/app-context.js';
import {
  insertAttempt,
  insertCase,
  insertConsent,
  insertProgram,
  insertVisit,
} from './outreach-lifecycle-fixtures.js';
import { seedJurisdiction } from './test-databases.js';

/**
 * A fatal overdose with linked records for fatality review tests: a decedent named in an EMS and a
 * medical examiner report of the death and in an EMS report of an earlier nonfatal overdose (the same
 * name and birth date: a repeat by the vault's match keys), and an outreach case opened after the
 * earlier overdose with an attempt, a visit, a consent and a referral, whose free text is distinctive.
 */

/** The decedent's identifiers (none occurs anywhere else in SOS). */
export const DECEDENT = {
  first_name: 'Persephone',
  last_name: 'Wraithwood',
  birth_date: '1979-11-23',
  phone: '555-0143',
} as const;

/** Free text of the outreach records that a review never shows. */
export const OUTREACH_FREE_TEXT = {
  note: 'OFRQ-NOTE left a card',
  plan: 'OFRQ-PLAN carry naloxone',
  recipient: 'OFRQ-BROTHER',
  referralNote: 'OFRQ-REFERRAL-NOTE',
} as const;

/** What was seeded. */
export interface FatalityWorld {
  jurisdiction: Jurisdiction;
  ems: Organization;
  examiner: Organization;
  fatalOverdoseId: string;
  priorOverdoseId: string;
  programId: string;
  caseId: string;
  /** When the death happened and the earlier overdose. */
  diedAt: Date;
  priorAt: Date;
}

/** Writes the decedent's records in a fresh jurisdiction (time zone New York). */
export async function seedFatalityWorld(context: AppContext): Promise<FatalityWorld> {
  const { jurisdiction, organization: ems } = await seedJurisdiction(context.db);
  const examiner: Organization = {
    jurisdictionId: jurisdiction.id,
    id: randomUUID(),
    name: 'Office of the Medical Examiner',
    type: 'medical_examiner',
  };
  await insertOrganization(context.db, examiner);
  const now = context.clock.now();
  const diedAt = new Date(now.getTime() - 10 * 86_400_000);
  const priorAt = new Date(now.getTime() - 70 * 86_400_000);
  const person = { ...DECEDENT };
  const send = async (organization: Organization, raw: Record<string, unknown>) => {
    const [result] = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: [{ raw, fields: raw }],
    });
    if (!result?.overdoseId) throw new Error(`not accepted: ${JSON.stringify(result?.problems)}`);
    return result.overdoseId;
  };
  const priorOverdoseId = await send(ems, {
    source_record_id: 'ofr-ems-prior',
    occurred_at: priorAt.toISOString(),
    latitude: 41.76,
    longitude: -72.67,
    fatal: false,
    naloxone_given: true,
    age: 46,
    sex: 'female',
    substances: ['fentanyl'],
    person,
  });
  const fatalOverdoseId = await send(ems, {
    source_record_id: 'ofr-ems-death',
    occurred_at: diedAt.toISOString(),
    latitude: 41.77,
    longitude: -72.68,
    fatal: true,
    naloxone_given: false,
    age: 46,
    sex: 'female',
    substances: ['fentanyl', 'xylazine'],
    person,
  });
  await send(examiner, {
    source_record_id: 'ofr-me-death',
    occurred_at: new Date(diedAt.getTime() + 10 * 60_000).toISOString(),
    latitude: 41.77,
    longitude: -72.68,
    fatal: true,
    age: 46,
    sex: 'female',
    substances: ['fentanyl', 'xylazine'],
    person,
  });
  const [priorPerson] = await context.db.query<{ person_id: string }>(
    'select person_id from reports where jurisdiction_id = $1 and overdose_id = $2',
    [jurisdiction.id, priorOverdoseId],
  );
  const programId = await insertProgram(context.db, jurisdiction.id, { name: 'Harbor QRT' });
  const caseId = await insertCase(context.db, jurisdiction.id, programId, {
    clockStartedAt: priorAt,
    personId: priorPerson?.person_id ?? null,
  });
  const hoursAfter = (h: number) => new Date(priorAt.getTime() + h * 3_600_000);
  await insertAttempt(context.db, jurisdiction.id, caseId, {
    outcome: 'survivor_reached',
    attemptedAt: hoursAfter(5),
    note: OUTREACH_FREE_TEXT.note,
  });
  await insertConsent(context.db, jurisdiction.id, caseId, {
    scope: 'home_visit',
    recipient: OUTREACH_FREE_TEXT.recipient,
    obtainedAt: hoursAfter(6),
  });
  await insertVisit(context.db, jurisdiction.id, caseId, {
    visitedAt: hoursAfter(30),
    servicesOffered: ['naloxone', 'moud'],
    servicesAccepted: ['naloxone'],
    riskReductionPlan: OUTREACH_FREE_TEXT.plan,
  });
  await context.db.query(
    `insert into outreach_referrals (jurisdiction_id, id, program_id, case_id, service_id, service_name, need, handoff,
       note, status, referred_at, last_status_at, created_by, recorded_at)
     values ($1, $2, $3, $4, 'svc-1', 'Harbor MOUD Clinic', 'moud', 'warm_handoff', $5, 'requested', $6, $6, $7, $6)`,
    [
      jurisdiction.id,
      randomUUID(),
      programId,
      caseId,
      OUTREACH_FREE_TEXT.referralNote,
      hoursAfter(31),
      randomUUID(),
    ],
  );
  return {
    jurisdiction,
    ems,
    examiner,
    fatalOverdoseId,
    priorOverdoseId,
    programId,
    caseId,
    diedAt,
    priorAt,
  };
}
