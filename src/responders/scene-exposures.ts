import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { respondingUnitsOf } from '../intake/responding-units.js';
import type { ResponsesReported } from '../intake/response-events.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { localDateOf } from '../platform/time-zones.js';
import { overdosesAround, type SceneOverdose, sceneOverdoses } from '../surveillance/scene-overdoses.js';
import { DEBRIEF_LINK_DAYS, hashDebriefToken, newDebriefToken } from './debrief-link.js';
import { debriefPromptMail, type SupervisorMailer } from './debrief-prompt-mail.js';
import {
  claimPromptLink,
  findPendingPrompts,
  findSceneExposures,
  insertExposure,
  lockSceneRecording,
  markPromptSent,
  updateExposureKinds,
} from './exposure-repository.js';
import { listPeerContacts } from './peer-contact-repository.js';
import { findActiveUnitsByCode } from './responder-unit-repository.js';
import {
  kindsOfScene,
  MULTIPLE_VICTIM_METRES,
  MULTIPLE_VICTIM_MINUTES,
  type SceneKind,
  sameScene,
  sceneKinds,
} from './scene-rule.js';

/** What recording scenes and prompting supervisors needs. */
export interface SceneExposureDependencies {
  db: Database;
  clock: Clock;
  mailer: SupervisorMailer;
  /** Where the one-time links point (SOS_PUBLIC_URL). */
  siteUrl: string;
}

/** An overdose and the others of its scene, oldest first. */
async function sceneOf(
  db: Queryable,
  jurisdictionId: string,
  overdose: SceneOverdose,
): Promise<SceneOverdose[]> {
  if (!overdose.timeKnown || overdose.latitude === null || overdose.longitude === null) return [overdose];
  const around = await overdosesAround(
    db,
    jurisdictionId,
    { occurredAt: overdose.occurredAt, latitude: overdose.latitude, longitude: overdose.longitude },
    MULTIPLE_VICTIM_MINUTES,
    MULTIPLE_VICTIM_METRES,
  );
  const others = around.filter((o) => o.id !== overdose.id && sameScene(overdose, o));
  return [overdose, ...others].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id),
  );
}

/** The union of two lists of kinds, in the order of `sceneKinds`. */
function unionOfKinds(a: readonly SceneKind[], b: readonly SceneKind[]): SceneKind[] {
  return sceneKinds.filter((k) => a.includes(k) || b.includes(k));
}

/**
 * Handles intake's RESPONSES_REPORTED event: for each overdose, its scene (it and the overdoses within
 * MULTIPLE_VICTIM_MINUTES and MULTIPLE_VICTIM_METRES); when the scene was fatal, a child's or had
 * several victims, each known active unit that responded to any of its overdoses gets one exposure
 * (on the scene's first overdose) and its supervisor one prompt. A unit already exposed to the scene
 * gets the scene's kinds added, never a second prompt, so a replayed event changes nothing.
 */
export async function recordSceneExposures(
  deps: SceneExposureDependencies,
  event: ResponsesReported,
): Promise<void> {
  const jurisdictionId = event.jurisdiction_id;
  const created = await deps.db.transaction(async (tx) => {
    await lockSceneRecording(tx, jurisdictionId);
    const ids: string[] = [];
    for (const overdose of await sceneOverdoses(tx, jurisdictionId, event.overdose_ids)) {
      const scene = await sceneOf(tx, jurisdictionId, overdose);
      const kinds = kindsOfScene(scene);
      if (kinds.length === 0) continue;
      const sceneIds = scene.map((o) => o.id);
      const units = await findActiveUnitsByCode(
        tx,
        jurisdictionId,
        await respondingUnitsOf(tx, jurisdictionId, sceneIds),
      );
      const known = await findSceneExposures(
        tx,
        jurisdictionId,
        units.map((u) => u.id),
        sceneIds,
      );
      const first = scene[0] as SceneOverdose;
      for (const unit of new Map(units.map((u) => [u.id, u])).values()) {
        const exposure = known.find((e) => e.unitId === unit.id);
        if (exposure) {
          const merged = unionOfKinds(exposure.sceneKinds, kinds);
          if (merged.length !== exposure.sceneKinds.length) {
            await updateExposureKinds(tx, jurisdictionId, exposure.id, merged);
          }
          // A prompt whose send failed before is tried again with this event's retry.
          if (exposure.promptSentAt === null) ids.push(exposure.id);
          continue;
        }
        const fresh = {
          id: newId(),
          unitId: unit.id,
          overdoseId: first.id,
          sceneKinds: kinds,
          occurredAt: first.occurredAt,
          promptSentAt: null,
          tokenHash: null,
          offerMade: null,
          offerAccepted: null,
          answeredAt: null,
        };
        await insertExposure(tx, jurisdictionId, fresh);
        known.push(fresh);
        ids.push(fresh.id);
      }
    }
    return [...new Set(ids)];
  });
  await sendPrompts(deps, jurisdictionId, created);
}

/**
 * Emails the supervisors of these exposures that were not prompted yet (a retry after a failed send
 * included): each prompt gets a fresh link whose hash replaces the last one, and is marked sent once
 * the SMTP server took it. A refused send throws, so the outbox retries the event. Without an SMTP
 * server nothing can be sent: logged, the exposures are still counted.
 */
export async function sendPrompts(
  deps: SceneExposureDependencies,
  jurisdictionId: string,
  exposureIds: readonly string[],
): Promise<void> {
  const pending = await findPendingPrompts(deps.db, jurisdictionId, exposureIds);
  if (pending.length === 0) return;
  if (!deps.mailer.configured) {
    console.error(`${pending.length} debrief prompt(s) not sent: SOS_SMTP_URL is not set`);
    return;
  }
  const jurisdiction = await findJurisdiction(deps.db, jurisdictionId);
  const timeZone = jurisdiction?.timeZone ?? 'UTC';
  const contacts = await listPeerContacts(deps.db, jurisdictionId);
  for (const prompt of pending) {
    const token = newDebriefToken();
    if (
      !(await claimPromptLink(deps.db, jurisdictionId, prompt.id, prompt.tokenHash, hashDebriefToken(token)))
    ) {
      continue;
    }
    await deps.mailer.send(
      debriefPromptMail({
        to: prompt.supervisorEmail,
        unitName: prompt.unitName,
        day: localDateOf(prompt.occurredAt, timeZone),
        kinds: prompt.sceneKinds,
        link: `${deps.siteUrl.replace(/\/$/, '')}/debrief-offer/${token}`,
        linkDays: DEBRIEF_LINK_DAYS,
        contacts,
      }),
    );
    await markPromptSent(deps.db, jurisdictionId, prompt.id, deps.clock.now());
  }
}
