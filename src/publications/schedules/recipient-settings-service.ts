import { z } from 'zod';
import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorizeUser } from '../../access/authorize.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { normalizeDomain } from './internal-recipient-rule.js';
import { findInternalReportDomains, saveInternalReportDomains } from './recipient-settings-repository.js';

/** What the recipient settings need. */
export interface RecipientSettingsDependencies {
  db: Database;
  clock: Clock;
}

/** The internal report domains as they leave the server. */
export const internalDomainsSchema = z.object({
  domains: z.array(z.string()).describe('Exact domains whose addresses may receive internal reports'),
});

/** The internal report domains as they leave the server. */
export type PresentedInternalDomains = z.infer<typeof internalDomainsSchema>;

/** Why the host's command line or an API key may not do this. */
const SIGNED_IN_ONLY = 'Report settings are kept by signed-in users';

/** The domains whose addresses may receive the jurisdiction's internal reports (for schedule managers). */
export async function readInternalDomains(
  deps: RecipientSettingsDependencies,
  actor: Actor,
): Promise<PresentedInternalDomains> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  return { domains: await findInternalReportDomains(deps.db, actor.jurisdictionId) };
}

/**
 * Replaces the jurisdiction's internal report domains (an analyst's act, audited with the list before
 * and after). Domains are kept normalized, each once, sorted.
 */
export async function setInternalDomains(
  deps: RecipientSettingsDependencies,
  actor: Actor,
  domains: readonly string[],
): Promise<PresentedInternalDomains> {
  authorizeUser(actor, 'report_recipient_domain.manage', SIGNED_IN_ONLY);
  const next = [...new Set(domains.map(normalizeDomain))].sort();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const previous = await findInternalReportDomains(tx, actor.jurisdictionId);
    await saveInternalReportDomains(tx, actor.jurisdictionId, next, actor.userId, now);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'report_recipient_domain.set',
        subjectType: 'jurisdiction',
        subjectId: actor.jurisdictionId,
        purpose: null,
        details: { previous, domains: next },
      },
    ]);
  });
  return { domains: next };
}
