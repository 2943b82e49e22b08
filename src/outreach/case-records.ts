import type {
  ConsentMethod,
  ConsentScope,
  ContactMethod,
  ContactOutcome,
  Disclosure,
  Material,
  NetworkReceipt,
  OfficerDress,
  OutreachService,
  TeamRole,
  VisitLocation,
} from './outreach-vocabulary.js';

/** A contact attempt as stored. */
export interface ContactAttempt {
  jurisdictionId: string;
  id: string;
  caseId: string;
  method: ContactMethod;
  outcome: ContactOutcome;
  attemptedAt: Date;
  attemptedBy: string;
  disclosure: Disclosure;
  disclosureConsentId: string | null;
  materialsLeft: Material[];
  note: string | null;
  capOverrideReason: string | null;
  recordedAt: Date;
}

/** A team member present at a visit, as recorded then (agency and role may change later). */
export interface PresentMember {
  member_id: string;
  display_name: string;
  agency: string;
  team_role: TeamRole;
}

/** A family or social-network member reached at a visit, under a disclosure consent. */
export interface NetworkMemberReached {
  relation: string;
  consent_id: string;
  received: NetworkReceipt[];
}

/** A visit as stored. */
export interface Visit {
  jurisdictionId: string;
  id: string;
  caseId: string;
  visitedAt: Date;
  locationType: VisitLocation;
  present: PresentMember[];
  lawEnforcementPresent: boolean;
  lawEnforcementDress: OfficerDress | null;
  servicesOffered: OutreachService[];
  servicesAccepted: OutreachService[];
  riskReductionPlan: string | null;
  networkReached: NetworkMemberReached[];
  recordedBy: string;
  recordedAt: Date;
}

/** A consent as stored. */
export interface Consent {
  jurisdictionId: string;
  id: string;
  caseId: string;
  scope: ConsentScope;
  recipient: string | null;
  /** The jurisdiction's organization a share_with_organization consent names (null: named in words only). */
  recipientOrganizationId: string | null;
  /** The program a transfer_to_program consent names. */
  recipientProgramId: string | null;
  method: ConsentMethod;
  obtainedBy: string;
  obtainedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** Whether a consent is in force at `now`: obtained by then, not revoked, not expired. */
export function consentInForce(consent: Consent, now: Date): boolean {
  return (
    consent.obtainedAt.getTime() <= now.getTime() &&
    consent.revokedAt === null &&
    (consent.expiresAt === null || consent.expiresAt.getTime() > now.getTime())
  );
}
