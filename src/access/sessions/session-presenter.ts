import { z } from 'zod';
import { describeDevice } from './device-description.js';
import type { SessionSummary } from './session-repository.js';

/** One session as its lists show it: never its token or the token's hash. */
export const presentedSessionSchema = z.object({
  id: z.string(),
  device: z.string().describe('The browser and operating system, in words, from the user agent'),
  client_address: z.string().nullable(),
  auth_method: z.enum(['password', 'oidc']),
  created_at: z.iso.datetime({ offset: true }),
  last_used_at: z.iso.datetime({ offset: true }).describe('Recorded at most once a minute'),
  expires_at: z.iso
    .datetime({ offset: true })
    .describe("When it ends whatever its use (the role's absolute lifetime)"),
  current: z.boolean().describe('The session of this request'),
});

/** A list of sessions. */
export const sessionListSchema = z.object({ sessions: z.array(presentedSessionSchema) });

/** What a revocation answers: the sessions it ended. */
export const revokedSessionsSchema = z.object({ revoked: z.array(z.string()) });

/** A session as it leaves the server. */
export type PresentedSession = z.infer<typeof presentedSessionSchema>;

/** The fields of a session that leave; `endsAt` is its effective absolute end. */
export function presentSession(session: SessionSummary, endsAt: Date, current: boolean): PresentedSession {
  return {
    id: session.id,
    device: describeDevice(session.userAgent),
    client_address: session.clientAddress,
    auth_method: session.authMethod,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    expires_at: endsAt.toISOString(),
    current,
  };
}
