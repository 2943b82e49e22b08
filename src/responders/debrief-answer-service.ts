import { recordAuditEntries } from '../access/audit/audit-log.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { localDateOf } from '../platform/time-zones.js';
import {
  DEBRIEF_LINK_DAYS,
  DEBRIEF_TOKEN_PATTERN,
  debriefLinkExpired,
  hashDebriefToken,
} from './debrief-link.js';
import { findExposureByLink, recordOfferAnswer } from './exposure-repository.js';
import type { SceneKind } from './scene-rule.js';

/** What the answer services need. */
export interface DebriefAnswerDependencies {
  db: Database;
  clock: Clock;
}

/** What a link shows its supervisor: the unit, the day and kinds of the scene, and whether it is still open. */
export interface DebriefOffer {
  unit_name: string;
  scene_day: string;
  scene_kinds: SceneKind[];
  expires_at: string;
  answered: boolean;
}

/** The supervisor's answer: the offer was made or not, and when made, accepted or declined. Nothing else. */
export interface DebriefAnswer {
  offer_made: boolean;
  offer_accepted: boolean | null;
}

/**
 * The exposure a link opens. The link is the supervisor's only credential (she has no login), so the
 * token is the permission: malformed or unknown answers NOT_FOUND alike.
 */
async function openLink(deps: DebriefAnswerDependencies, token: string) {
  const exposure = DEBRIEF_TOKEN_PATTERN.test(token)
    ? await findExposureByLink(deps.db, hashDebriefToken(token))
    : null;
  if (!exposure || exposure.promptSentAt === null)
    throw new SosError('NOT_FOUND', 'No debrief offer for this link');
  return exposure as typeof exposure & { promptSentAt: Date };
}

/** What the link's page shows. */
export async function readDebriefOffer(
  deps: DebriefAnswerDependencies,
  token: string,
): Promise<DebriefOffer> {
  const exposure = await openLink(deps, token);
  const timeZone = (await findJurisdiction(deps.db, exposure.jurisdictionId))?.timeZone ?? 'UTC';
  return {
    unit_name: exposure.unitName,
    scene_day: localDateOf(exposure.occurredAt, timeZone),
    scene_kinds: exposure.sceneKinds,
    expires_at: new Date(exposure.promptSentAt.getTime() + DEBRIEF_LINK_DAYS * 86_400_000).toISOString(),
    answered: exposure.answeredAt !== null,
  };
}

/**
 * Records the supervisor's answer once: DEBRIEF_ALREADY_ANSWERED after the first (concurrent ones
 * included), DEBRIEF_LINK_EXPIRED after DEBRIEF_LINK_DAYS; an accepted offer that was not made is
 * VALIDATION_FAILED. Audited without an actor (the link's holder).
 */
export async function answerDebriefOffer(
  deps: DebriefAnswerDependencies,
  token: string,
  answer: DebriefAnswer,
): Promise<DebriefAnswer & { answered_at: string }> {
  const exposure = await openLink(deps, token);
  const now = deps.clock.now();
  if (exposure.answeredAt !== null) throw new SosError('DEBRIEF_ALREADY_ANSWERED');
  if (debriefLinkExpired(exposure.promptSentAt, now)) throw new SosError('DEBRIEF_LINK_EXPIRED');
  if (answer.offer_made !== (answer.offer_accepted !== null)) {
    throw new SosError(
      'VALIDATION_FAILED',
      answer.offer_made
        ? 'Say whether the offer was accepted'
        : 'An offer not made cannot be accepted or declined',
      { field: 'offer_accepted' },
    );
  }
  await deps.db.transaction(async (tx) => {
    const recorded = await recordOfferAnswer(
      tx,
      exposure.jurisdictionId,
      exposure.id,
      { offerMade: answer.offer_made, offerAccepted: answer.offer_accepted },
      now,
    );
    if (!recorded) throw new SosError('DEBRIEF_ALREADY_ANSWERED');
    await recordAuditEntries(tx, exposure.jurisdictionId, now, [
      {
        actorType: 'debrief_link',
        actorId: null,
        action: 'responder_exposure.answer',
        subjectType: 'responder_exposure',
        subjectId: exposure.id,
        purpose: 'operations',
        details: null,
      },
    ]);
  });
  return { ...answer, answered_at: now.toISOString() };
}
