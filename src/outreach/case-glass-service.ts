import { decideAccess } from '../access/access-decision.js';
import { authorize } from '../access/authorize.js';
import { breakTheGlassIn } from '../access/break-the-glass/glass-break-service.js';
import type { Actor } from '../access/roles.js';
import { activeUserEmails, userNames } from '../access/users/user-directory.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { enqueueEvent } from '../platform/outbox/outbox-store.js';
import { GLASS_NOTICE_TOPIC, type GlassNotice } from './case-glass-notice.js';
import { findCase, findProgram } from './case-repository.js';
import { caseResource, withPrograms } from './outreach-access.js';
import type { OutreachDependencies } from './outreach-dependencies.js';

/**
 * Breaks the glass on a case of another program of the jurisdiction, for a coordinator: with a stated
 * reason, the case (`outreach.read`) and its person (`person.read`) open to her for the policy's time
 * with purpose `emergency`, each break in the audit chain; the case's program's privacy contact is
 * emailed (through the outbox) who, which case, why and until when. A case she may read anyway has no glass to break (400);
 * one she could not open even so (a worker, a case she does not know of) answers 404, as if absent.
 */
export async function breakCaseGlass(
  deps: OutreachDependencies,
  actor: Actor,
  caseId: string,
  reason: string,
): Promise<{ expiresAt: Date }> {
  const reader = await withPrograms(deps.db, actor);
  authorize(reader, 'outreach.read');
  if (reader.kind !== 'user')
    throw new SosError('FORBIDDEN', 'Only a signed-in coordinator breaks the glass');
  const found = await findCase(deps.db, reader.jurisdictionId, caseId);
  if (!found) throw new SosError('NOT_FOUND', 'No case by that id');
  const resource = { ...caseResource(found), id: found.id };
  const decision = decideAccess(reader, 'outreach.read', resource, 'emergency');
  if (decision.effect === 'deny') throw new SosError('NOT_FOUND', 'No case by that id');
  // The breaks, their audit entries and the notice commit together: no glass broken without the notice.
  const { expiresAt, noticed } = await deps.db.transaction(async (tx) => {
    const glass = await breakTheGlassIn(tx, deps.clock, reader, 'outreach.read', resource, reason);
    if (found.personId) {
      await breakTheGlassIn(
        tx,
        deps.clock,
        reader,
        'person.read',
        {
          type: 'person',
          id: found.personId,
          jurisdictionId: found.jurisdictionId,
          programId: found.programId,
          ...(found.assignedTo ? { assignedTo: found.assignedTo } : {}),
          tier: 'T3',
        },
        reason,
      );
    }
    const queued = await noticeToPrivacyContact(tx, reader, found, glass.reason, glass.expiresAt);
    return { expiresAt: glass.expiresAt, noticed: queued };
  });
  if (noticed) deps.outboxWritten?.();
  return { expiresAt };
}

/**
 * Queues the notice to the case's program's privacy contact, when it has one, in the outbox of the
 * caller's transaction: sent soon after the commit, and tried again until the SMTP server takes it.
 * Whether a notice was queued.
 */
async function noticeToPrivacyContact(
  tx: Queryable,
  reader: Extract<Actor, { kind: 'user' }>,
  found: { id: string; jurisdictionId: string; programId: string },
  reason: string,
  expiresAt: Date,
): Promise<boolean> {
  const program = await findProgram(tx, found.jurisdictionId, found.programId);
  if (!program?.privacyContact) return false;
  const names = await userNames(tx, reader.jurisdictionId, [reader.userId]);
  const emails = await activeUserEmails(tx, reader.jurisdictionId, [reader.userId], [reader.role]);
  const notice: GlassNotice = {
    to: program.privacyContact,
    programName: program.name,
    caseId: found.id,
    readerName: names.get(reader.userId) ?? reader.userId,
    readerEmail: emails.get(reader.userId) ?? null,
    reason,
    expiresAt,
  };
  await enqueueEvent(tx, GLASS_NOTICE_TOPIC, notice);
  return true;
}
