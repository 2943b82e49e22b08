import { decideAccess } from '../../access/access-decision.js';
import type { Action } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import { type Audience, audiences } from '../weekly/weekly-report.js';

/** The permission that reads the archived reports of each audience. */
export const audienceAction: Record<Audience, Action> = {
  internal: 'report_archive.read_internal',
  partner: 'report_archive.read_partner',
  public: 'report_archive.read_public',
};

/**
 * The audiences of a jurisdiction's archive an actor may read, as the policy answers for a report of
 * that jurisdiction: a user reads their own jurisdiction's reports as their role allows, and only
 * public reports elsewhere; the public reads public reports; the host's command line reads everything.
 */
export function readableAudiences(actor: Actor, jurisdictionId: string): Audience[] {
  return audiences.filter(
    (audience) =>
      decideAccess(actor, audienceAction[audience], { type: 'archived_report', jurisdictionId }).effect ===
      'allow',
  );
}
