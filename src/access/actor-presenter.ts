import { z } from 'zod';
import { type SecondFactorMethod, secondFactorMethods } from './mfa/second-factor-step.js';
import { actions, actorMay, actorTier } from './policy.js';
import { type Actor, roles } from './roles.js';

/** "Who am I": role, tier, permissions and scope of whoever asks, never a secret. */
export const presentedActorSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    id: z.string(),
    role: z.enum(roles),
    jurisdiction_id: z.string(),
    organization_id: z.string().nullable(),
    tier: z.enum(['T0', 'T1', 'T2', 'T3']),
    may: z
      .array(z.enum(actions))
      .describe('What the user may do, so the app leaves out what would be refused'),
    mfa_missing: z
      .boolean()
      .describe('The jurisdiction requires a second factor of this role and the session has not given one'),
  }),
  z.object({
    kind: z.literal('api_key'),
    id: z.string(),
    organization_id: z.string(),
    scopes: z.array(z.string()),
  }),
  z.object({ kind: z.literal('system') }),
]);

/** An actor as it leaves the server. */
export type PresentedActor = z.infer<typeof presentedActorSchema>;

/** The fields of a signed-in actor that leave. */
export function presentActor(actor: Exclude<Actor, { kind: 'public' }>): PresentedActor {
  if (actor.kind === 'user') {
    return {
      kind: 'user',
      id: actor.userId,
      role: actor.role,
      jurisdiction_id: actor.jurisdictionId,
      organization_id: actor.organizationId,
      tier: actorTier(actor),
      // What the user may do, so the app leaves out what would only be refused (a live stream, a map).
      may: actions.filter((action) => actorMay(actor, action)),
      mfa_missing: actor.mfaMissing === true,
    };
  }
  if (actor.kind === 'api_key') {
    return { kind: 'api_key', id: actor.keyId, organization_id: actor.organizationId, scopes: actor.scopes };
  }
  return { kind: 'system' };
}

/** Whether the request is signed in, and as whom: signed out is an answer, not an error. */
export const sessionSchema = z.object({ signed_in: z.boolean(), me: presentedActorSchema.nullable() });

/** The answer to a sign-in: the user, never the session token (that is the cookie). */
export const signedInSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), display_name: z.string(), role: z.enum(roles) }),
  second_factor: z
    .object({ methods: z.array(z.enum(secondFactorMethods)) })
    .nullable()
    .describe('Null: signed in. Else the session owes a second factor, given by one of these methods'),
});

/** A signed-in user as it leaves the server. */
export type SignedIn = z.infer<typeof signedInSchema>;

/** The fields of a user who just signed in that leave. */
export function presentSignedIn(
  user: { id: string; email: string; displayName: string; role: (typeof roles)[number] },
  secondFactor: { methods: SecondFactorMethod[] } | null = null,
): SignedIn {
  return {
    user: { id: user.id, email: user.email, display_name: user.displayName, role: user.role },
    second_factor: secondFactor,
  };
}
