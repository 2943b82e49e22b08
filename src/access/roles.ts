/** The roles of DESIGN.md; a user has exactly one. */
export const roles = [
  'administrator',
  'analyst',
  'outreach_coordinator',
  'outreach_worker',
  'public_safety_analyst',
  'harm_reduction_partner',
  'submitter',
  'service_provider',
  'outreach_oversight',
] as const;

/** A user's role. */
export type Role = (typeof roles)[number];

/**
 * Roles that act only for their own organization: a user of one belongs to an organization, and one
 * with none acts for no organization (not, as an analyst tied to none does, for every one).
 */
export const organizationBoundRoles: readonly Role[] = ['service_provider'];

/** Data tiers, from public aggregates (T0) to identifiable outreach records (T3). */
export type Tier = 'T0' | 'T1' | 'T2' | 'T3';

/** What an API key may do: submit reports, or answer the referrals sent to its organization. */
export const apiKeyScopes = ['submit', 'referrals'] as const;
/** One scope of an API key. */
export type ApiKeyScope = (typeof apiKeyScopes)[number];
/** What each scope lets a key do, in the administrator's words (shown where keys are issued). */
export const apiKeyScopeMeanings: Record<ApiKeyScope, string> = {
  submit: 'Sends overdose reports for its organization (JSON or NEMSIS XML)',
  referrals:
    "Reads the referrals sent to its organization and answers them, and updates its services' capacity",
};

/** Who is acting: a signed-in user, a machine submitter's API key, the host operator, or anyone. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      jurisdictionId: string;
      role: Role;
      organizationId: string | null;
      /** The outreach programs the user works in (coordinators see their programs' records). */
      programIds?: readonly string[];
      /**
       * True when the jurisdiction requires a second factor of this role and the session has not given
       * one: the policy then refuses every action on T2 or T3 data (see mfa/mfa-requirement.ts).
       */
      mfaMissing?: boolean;
      /** The session acting (unset for actors built outside a request, as in tests and jobs). */
      session?: {
        id: string;
        authenticatedAt: Date;
        secondFactorAt: Date | null;
        /** How the user proves who they are again: a password, or (a user without one) single sign-on. */
        reauthenticateWith?: 'password' | 'sso';
      };
    }
  | { kind: 'api_key'; keyId: string; jurisdictionId: string; organizationId: string; scopes: string[] }
  | { kind: 'system'; label: string }
  | { kind: 'public' };

/** The actor of the command line: whoever runs `sos` on the host already holds the database. */
export const cliActor: Actor = { kind: 'system', label: 'cli' };

/** A short label of the actor for audit entries: type and id. */
export function auditActor(actor: Actor): { actorType: string; actorId: string | null } {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId };
    case 'api_key':
      return { actorType: 'api_key', actorId: actor.keyId };
    case 'system':
      return { actorType: 'system', actorId: actor.label };
    case 'public':
      return { actorType: 'public', actorId: null };
  }
}
