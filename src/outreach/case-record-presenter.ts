import { z } from 'zod';
import { type Consent, type ContactAttempt, consentInForce, type Visit } from './case-records.js';
import {
  consentMethods,
  consentScopes,
  contactMethods,
  contactOutcomes,
  disclosures,
  materials,
  networkReceipts,
  officerDress,
  outreachServices,
  teamRoles,
  visitLocations,
} from './outreach-vocabulary.js';

/** A user named in a record: id and the name shown. */
const userRefSchema = z.object({ user_id: z.uuid(), display_name: z.string() });

/** The names of the users the records name, by user id (from the user directory). */
export type UserNames = ReadonlyMap<string, string>;

const userRef = (userId: string, names: UserNames) => ({
  user_id: userId,
  display_name: names.get(userId) ?? '',
});

/** A contact attempt as the API answers it. */
export const presentedAttemptSchema = z.object({
  id: z.uuid(),
  case_id: z.uuid(),
  method: z.enum(contactMethods),
  outcome: z.enum(contactOutcomes),
  attempted_at: z.string(),
  attempted_by: userRefSchema,
  disclosure: z.enum(disclosures),
  disclosure_consent_id: z.uuid().nullable(),
  materials_left: z.array(z.enum(materials)),
  note: z.string().nullable(),
  cap_override_reason: z.string().nullable(),
  recorded_at: z.string(),
});

/** A contact attempt as the API answers it. */
export type PresentedAttempt = z.infer<typeof presentedAttemptSchema>;

/** Presents a contact attempt (fields allowlisted). */
export function presentAttempt(a: ContactAttempt, names: UserNames): z.infer<typeof presentedAttemptSchema> {
  return {
    id: a.id,
    case_id: a.caseId,
    method: a.method,
    outcome: a.outcome,
    attempted_at: a.attemptedAt.toISOString(),
    attempted_by: userRef(a.attemptedBy, names),
    disclosure: a.disclosure,
    disclosure_consent_id: a.disclosureConsentId,
    materials_left: a.materialsLeft,
    note: a.note,
    cap_override_reason: a.capOverrideReason,
    recorded_at: a.recordedAt.toISOString(),
  };
}

/** A visit as the API answers it. */
export const presentedVisitSchema = z.object({
  id: z.uuid(),
  case_id: z.uuid(),
  visited_at: z.string(),
  location_type: z.enum(visitLocations),
  present: z.array(
    z.object({
      member_id: z.uuid(),
      display_name: z.string(),
      agency: z.string(),
      team_role: z.enum(teamRoles),
    }),
  ),
  law_enforcement: z.object({ present: z.boolean(), dress: z.enum(officerDress).nullable() }),
  services_offered: z.array(z.enum(outreachServices)),
  services_accepted: z.array(z.enum(outreachServices)),
  risk_reduction_plan: z.string().nullable(),
  network_reached: z.array(
    z.object({ relation: z.string(), consent_id: z.uuid(), received: z.array(z.enum(networkReceipts)) }),
  ),
  recorded_by: userRefSchema,
  recorded_at: z.string(),
});

/** A visit as the API answers it. */
export type PresentedVisit = z.infer<typeof presentedVisitSchema>;

/** Presents a visit (fields allowlisted). */
export function presentVisit(v: Visit, names: UserNames): z.infer<typeof presentedVisitSchema> {
  return {
    id: v.id,
    case_id: v.caseId,
    visited_at: v.visitedAt.toISOString(),
    location_type: v.locationType,
    present: v.present.map((m) => ({
      member_id: m.member_id,
      display_name: m.display_name,
      agency: m.agency,
      team_role: m.team_role,
    })),
    law_enforcement: { present: v.lawEnforcementPresent, dress: v.lawEnforcementDress },
    services_offered: v.servicesOffered,
    services_accepted: v.servicesAccepted,
    risk_reduction_plan: v.riskReductionPlan,
    network_reached: v.networkReached.map((n) => ({
      relation: n.relation,
      consent_id: n.consent_id,
      received: n.received,
    })),
    recorded_by: userRef(v.recordedBy, names),
    recorded_at: v.recordedAt.toISOString(),
  };
}

/** A consent as the API answers it. */
export const presentedConsentSchema = z.object({
  id: z.uuid(),
  case_id: z.uuid(),
  scope: z.enum(consentScopes),
  recipient: z.string().nullable(),
  recipient_organization_id: z.uuid().nullable(),
  recipient_program_id: z.uuid().nullable(),
  method: z.enum(consentMethods),
  obtained_by: userRefSchema,
  obtained_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  in_force: z.boolean(),
});

/** A consent as the API answers it. */
export type PresentedConsent = z.infer<typeof presentedConsentSchema>;

/** Presents a consent (fields allowlisted), with whether it is in force now. */
export function presentConsent(
  c: Consent,
  names: UserNames,
  now: Date,
): z.infer<typeof presentedConsentSchema> {
  return {
    id: c.id,
    case_id: c.caseId,
    scope: c.scope,
    recipient: c.recipient,
    recipient_organization_id: c.recipientOrganizationId,
    recipient_program_id: c.recipientProgramId,
    method: c.method,
    obtained_by: userRef(c.obtainedBy, names),
    obtained_at: c.obtainedAt.toISOString(),
    expires_at: c.expiresAt?.toISOString() ?? null,
    revoked_at: c.revokedAt?.toISOString() ?? null,
    in_force: consentInForce(c, now),
  };
}
