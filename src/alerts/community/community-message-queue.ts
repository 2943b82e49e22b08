import type { Queryable } from '../../platform/database.js';
import { newId } from '../../platform/ids.js';
import { enqueueEvent } from '../../platform/outbox/outbox-store.js';
import type { CommunityChannel, CommunityMessageKind } from './community-vocabulary.js';
import { insertMessages } from './message-repository.js';

/** The outbox topic whose events each send one community message. */
export const COMMUNITY_MESSAGE_TOPIC = 'community_alerts.message';

/** The event of one message to send: ids only, never an address or a text. */
export interface CommunityMessageEvent {
  jurisdiction_id: string;
  message_id: string;
}

/** Reads a community message event's payload. */
export function readCommunityMessageEvent(payload: unknown): CommunityMessageEvent {
  const event = payload as Partial<CommunityMessageEvent>;
  if (typeof event?.jurisdiction_id !== 'string' || typeof event.message_id !== 'string')
    throw new Error('A community message event names its jurisdiction_id and message_id');
  return { jurisdiction_id: event.jurisdiction_id, message_id: event.message_id };
}

/** A message to queue for one subscriber. */
export interface QueuedMessage {
  subscriberId: string;
  channel: CommunityChannel;
  kind: CommunityMessageKind;
  communityAlertId?: string;
  areaNames?: readonly string[];
}

/** Queues messages in the caller's transaction, each with its outbox event; returns their ids. */
export async function queueMessages(
  tx: Queryable,
  jurisdictionId: string,
  at: Date,
  messages: readonly QueuedMessage[],
): Promise<string[]> {
  const rows = messages.map((m) => ({
    jurisdictionId,
    id: newId(at.getTime()),
    subscriberId: m.subscriberId,
    kind: m.kind,
    channel: m.channel,
    communityAlertId: m.communityAlertId ?? null,
    areaNames: m.areaNames ?? null,
    createdAt: at,
  }));
  await insertMessages(tx, rows);
  for (const row of rows) {
    const event: CommunityMessageEvent = { jurisdiction_id: jurisdictionId, message_id: row.id };
    await enqueueEvent(tx, COMMUNITY_MESSAGE_TOPIC, event);
  }
  return rows.map((r) => r.id);
}
