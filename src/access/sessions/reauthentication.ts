import { SosError } from '../../platform/errors.js';
import type { Actor } from '../roles.js';

/**
 * Throws REAUTHENTICATION_REQUIRED when the actor's session last proved who its user is more than
 * `minutes` ago. Actors without a session (jobs, the command line, API keys) are not asked. Pure.
 */
export function assertRecentlyAuthenticated(actor: Actor, now: Date, minutes = 10): void {
  if (actor.kind !== 'user' || !actor.session) return;
  if (now.getTime() - actor.session.authenticatedAt.getTime() > minutes * 60_000) {
    throw new SosError('REAUTHENTICATION_REQUIRED');
  }
}
