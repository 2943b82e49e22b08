import { SosError } from '../../platform/errors.js';
import type { Actor } from '../roles.js';

/** How long a proof of who one is counts for the actions that ask for a recent one. */
export const REAUTHENTICATION_MINUTES = 10;

/**
 * Throws REAUTHENTICATION_REQUIRED unless the actor's session proved who its user is (sign-in or
 * re-authentication) within the last `minutes`: asked first thing, after `authorize`, by exports of
 * identifiable or line-level data and by breaking the glass, so that a session left open on an
 * unattended screen cannot take data away. Actors without a session (jobs, the command line, API
 * keys, actors built by hand) are not asked. `details.method` says how to answer: `password`, or `sso`
 * for a user with no password (a fresh single sign-on, which this endpoint cannot take). Pure.
 */
export function assertRecentlyAuthenticated(
  actor: Actor,
  now: Date,
  minutes = REAUTHENTICATION_MINUTES,
): void {
  if (actor.kind !== 'user' || !actor.session) return;
  if (now.getTime() - actor.session.authenticatedAt.getTime() <= minutes * 60_000) return;
  throw new SosError(
    'REAUTHENTICATION_REQUIRED',
    `Confirm who you are again: this needs a sign-in or re-authentication within the last ${minutes} minutes`,
    { method: actor.session.reauthenticateWith ?? 'password', within_minutes: minutes },
  );
}
