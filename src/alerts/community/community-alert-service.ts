import { randomUUID } from 'node:crypto';
import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorize, authorizeUser } from '../../access/authorize.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { decodePageCursor, encodePageCursor } from '../../platform/page-cursor.js';
import { findAlert } from '../alert-repository.js';
import {
  type DeliveryCounts,
  type PresentedCommunityAlert,
  presentCommunityAlert,
} from './community-alert-presenter.js';
import {
  approveCommunityAlert,
  type CommunityAlertRow,
  findCommunityAlert,
  insertCommunityAlert,
  listCommunityAlerts,
  markCommunityAlertSent,
  updateCommunityAlertWording,
} from './community-alert-repository.js';
import { draftFromAlert } from './community-alert-start.js';
import { queueMessages } from './community-message-queue.js';
import type { CommunityChannel } from './community-vocabulary.js';
import { countAlertMessages } from './message-repository.js';
import {
  confirmedSubscribersOfAreas,
  countConfirmedByArea,
  countConfirmedByChannel,
} from './subscriber-repository.js';
import { pickAreas, type SubscriptionAreas, subscriptionAreas } from './subscription-areas.js';

/** What community alerts need. */
export interface CommunityAlertDependencies {
  db: Database;
  clock: Clock;
}

/** A draft's wording as the API takes it. */
export interface CommunityAlertDraft {
  title: string;
  area_ids: string[];
  alert_id: string | null;
  drug_check_signal_id: string | null;
  texts: {
    public: { message: string; sms: string };
    people_who_use_drugs: { message: string; sms: string };
    partners: { message: string };
  };
}

async function layerOf(db: Queryable, jurisdictionId: string): Promise<SubscriptionAreas> {
  const layer = await subscriptionAreas(db, jurisdictionId);
  if (!layer || layer.areas.length === 0) throw new SosError('COMMUNITY_ALERTS_NO_AREAS');
  return layer;
}

/** Deliveries of each alert by channel and status. */
async function deliveriesOf(
  db: Queryable,
  jurisdictionId: string,
  alertIds: readonly string[],
): Promise<Map<string, DeliveryCounts>> {
  const zero = () => ({ queued: 0, sent: 0, failed: 0 });
  const byAlert = new Map<string, DeliveryCounts>(alertIds.map((id) => [id, { sms: zero(), email: zero() }]));
  for (const row of await countAlertMessages(db, jurisdictionId, alertIds)) {
    const counts = byAlert.get(row.communityAlertId);
    if (counts) counts[row.channel][row.status] += Number(row.count);
  }
  return byAlert;
}

async function present(db: Queryable, row: CommunityAlertRow): Promise<PresentedCommunityAlert> {
  const layer = await subscriptionAreas(db, row.jurisdictionId);
  const names = new Map((layer?.areas ?? []).map((a) => [a.id, a.name]));
  const deliveries = await deliveriesOf(db, row.jurisdictionId, [row.id]);
  return presentCommunityAlert(row, names, deliveries.get(row.id) as DeliveryCounts);
}

function wordingOf(layer: SubscriptionAreas, draft: CommunityAlertDraft) {
  return {
    title: draft.title,
    layerId: layer.layerId,
    areaIds: pickAreas(layer, draft.area_ids, 'area_ids').map((a) => a.id),
    alertId: draft.alert_id,
    drugCheckSignalId: draft.drug_check_signal_id,
    publicMessage: draft.texts.public.message,
    publicSms: draft.texts.public.sms,
    peopleWhoUseDrugsMessage: draft.texts.people_who_use_drugs.message,
    peopleWhoUseDrugsSms: draft.texts.people_who_use_drugs.sms,
    partnersMessage: draft.texts.partners.message,
  };
}

async function audit(
  tx: Queryable,
  actor: Actor,
  row: { jurisdictionId: string; id: string },
  at: Date,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAuditEntries(tx, row.jurisdictionId, at, [
    {
      ...auditActor(actor),
      action: `community_alerts.${action}`,
      subjectType: 'community_alerts',
      subjectId: row.id,
      purpose: null,
      details,
    },
  ]);
}

/** Drafts a community alert (analysts and harm reduction partners); audited. */
export async function draftCommunityAlert(
  deps: CommunityAlertDependencies,
  actor: Actor,
  draft: CommunityAlertDraft,
): Promise<PresentedCommunityAlert> {
  authorizeUser(actor, 'community_alert.draft');
  const layer = await layerOf(deps.db, actor.jurisdictionId);
  const wording = wordingOf(layer, draft);
  const id = randomUUID();
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await insertCommunityAlert(tx, {
      jurisdictionId: actor.jurisdictionId,
      id,
      createdBy: actor.userId,
      at,
      ...wording,
    });
    await audit(tx, actor, { jurisdictionId: actor.jurisdictionId, id }, at, 'draft', {
      version: 1,
      areas: wording.areaIds.length,
      alertId: wording.alertId,
    });
  });
  return present(deps.db, (await findCommunityAlert(deps.db, actor.jurisdictionId, id)) as CommunityAlertRow);
}

async function alertFor(db: Queryable, jurisdictionId: string, id: string, forUpdate = false) {
  const row = await findCommunityAlert(db, jurisdictionId, id, forUpdate);
  if (!row) throw new SosError('NOT_FOUND', `No community alert ${id}`);
  return row;
}

/**
 * Changes a community alert's wording or areas: the next version, a draft again, so an approved
 * version never changes without a new approval. A sent alert no longer changes.
 */
export async function changeCommunityAlert(
  deps: CommunityAlertDependencies,
  actor: Actor,
  id: string,
  draft: CommunityAlertDraft,
): Promise<PresentedCommunityAlert> {
  authorizeUser(actor, 'community_alert.draft');
  const layer = await layerOf(deps.db, actor.jurisdictionId);
  const wording = wordingOf(layer, draft);
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await alertFor(tx, actor.jurisdictionId, id, true);
    if (row.status === 'sent') throw new SosError('COMMUNITY_ALERT_SENT');
    await updateCommunityAlertWording(tx, row, wording, at);
    await audit(tx, actor, row, at, 'change', {
      version: row.version + 1,
      areas: wording.areaIds.length,
      approvalWithdrawn: row.status === 'approved',
    });
  });
  return present(deps.db, await alertFor(deps.db, actor.jurisdictionId, id));
}

/** An analyst approves the version they read (COMMUNITY_ALERT_VERSION_CHANGED if it changed since); audited. */
export async function approveCommunityAlertVersion(
  deps: CommunityAlertDependencies,
  actor: Actor,
  id: string,
  version: number,
): Promise<PresentedCommunityAlert> {
  authorizeUser(actor, 'community_alert.approve');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await alertFor(tx, actor.jurisdictionId, id, true);
    if (row.status === 'sent') throw new SosError('COMMUNITY_ALERT_SENT');
    if (row.version !== version) throw new SosError('COMMUNITY_ALERT_VERSION_CHANGED');
    await approveCommunityAlert(tx, row, { by: actor.userId, at, version });
    await audit(tx, actor, row, at, 'approve', { version });
  });
  return present(deps.db, await alertFor(deps.db, actor.jurisdictionId, id));
}

/**
 * Sends an approved community alert (analysts) to the confirmed subscribers of its areas, each once
 * by their channel: one message each, queued with its outbox event in the same transaction as the
 * alert's new status, so a retry or a second click sends nothing twice. Audited with counts only.
 */
export async function sendCommunityAlert(
  deps: CommunityAlertDependencies,
  actor: Actor,
  id: string,
): Promise<PresentedCommunityAlert> {
  authorizeUser(actor, 'community_alert.approve');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const row = await alertFor(tx, actor.jurisdictionId, id, true);
    if (row.status === 'sent') throw new SosError('COMMUNITY_ALERT_SENT');
    if (row.status !== 'approved' || row.approvedVersion !== row.version)
      throw new SosError('COMMUNITY_ALERT_NOT_APPROVED');
    const subscribers = await confirmedSubscribersOfAreas(tx, row.jurisdictionId, row.layerId, row.areaIds);
    await queueMessages(
      tx,
      row.jurisdictionId,
      at,
      subscribers.map((s) => ({
        subscriberId: s.id,
        channel: s.channel,
        kind: 'alert',
        communityAlertId: row.id,
      })),
    );
    await markCommunityAlertSent(tx, row, { by: actor.userId, at });
    const count = (channel: CommunityChannel) => subscribers.filter((s) => s.channel === channel).length;
    await audit(tx, actor, row, at, 'send', {
      version: row.version,
      sms: count('sms'),
      email: count('email'),
    });
  });
  return present(deps.db, await alertFor(deps.db, actor.jurisdictionId, id));
}

/** One community alert. */
export async function readCommunityAlert(
  deps: CommunityAlertDependencies,
  actor: Actor,
  id: string,
): Promise<PresentedCommunityAlert> {
  authorizeUser(actor, 'community_alert.draft');
  return present(deps.db, await alertFor(deps.db, actor.jurisdictionId, id));
}

/** A page of community alerts, newest first. */
export async function readCommunityAlerts(
  deps: CommunityAlertDependencies,
  actor: Actor,
  query: { cursor?: string | undefined; limit: number },
): Promise<{ alerts: PresentedCommunityAlert[]; next_cursor: string | null }> {
  authorizeUser(actor, 'community_alert.draft');
  const after = query.cursor ? decodePageCursor(query.cursor) : null;
  const rows = await listCommunityAlerts(deps.db, actor.jurisdictionId, { after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const layer = await subscriptionAreas(deps.db, actor.jurisdictionId);
  const names = new Map((layer?.areas ?? []).map((a) => [a.id, a.name]));
  const deliveries = await deliveriesOf(
    deps.db,
    actor.jurisdictionId,
    page.map((r) => r.id),
  );
  const last = page[page.length - 1];
  return {
    alerts: page.map((r) => presentCommunityAlert(r, names, deliveries.get(r.id) as DeliveryCounts)),
    next_cursor:
      rows.length > query.limit && last ? encodePageCursor({ at: last.createdAt, id: last.id }) : null,
  };
}

/** The areas alerts and subscriptions name, and confirmed subscribers per area and channel (counts only). */
export async function readSubscriberCounts(
  deps: CommunityAlertDependencies,
  actor: Actor,
): Promise<{
  layer_id: string | null;
  areas: { id: string; name: string; sms: number; email: number }[];
  subscribers: { sms: number; email: number };
}> {
  authorizeUser(actor, 'community_alert.draft');
  const layer = await subscriptionAreas(deps.db, actor.jurisdictionId);
  const byArea = await countConfirmedByArea(deps.db, actor.jurisdictionId);
  const byChannel = await countConfirmedByChannel(deps.db, actor.jurisdictionId);
  const countOf = (areaId: string, channel: CommunityChannel) =>
    Number(
      byArea.find((r) => r.layerId === layer?.layerId && r.areaId === areaId && r.channel === channel)
        ?.count ?? 0,
    );
  const total = (channel: CommunityChannel) =>
    Number(byChannel.find((r) => r.channel === channel)?.count ?? 0);
  return {
    layer_id: layer?.layerId ?? null,
    areas: (layer?.areas ?? []).map((a) => ({
      id: a.id,
      name: a.name,
      sms: countOf(a.id, 'sms'),
      email: countOf(a.id, 'email'),
    })),
    subscribers: { sms: total('sms'), email: total('email') },
  };
}

/** A first wording from a spike alert, to edit and save as a draft (nothing is stored). */
export async function startFromAlert(
  deps: CommunityAlertDependencies,
  actor: Actor,
  alertId: string,
): Promise<CommunityAlertDraft> {
  authorizeUser(actor, 'community_alert.draft');
  authorize(actor, 'alert.read');
  const alert = await findAlert(deps.db, actor.jurisdictionId, alertId);
  if (!alert) throw new SosError('NOT_FOUND', `No alert ${alertId}`);
  return draftFromAlert(alert, await subscriptionAreas(deps.db, actor.jurisdictionId));
}
