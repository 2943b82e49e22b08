import type { Queryable } from '../../platform/database.js';
import type {
  CommunityChannel,
  CommunityMessageKind,
  CommunityMessageStatus,
} from './community-vocabulary.js';

/** A message to a subscriber as its sender reads it. */
export interface CommunityMessageRow {
  jurisdictionId: string;
  id: string;
  subscriberId: string;
  kind: CommunityMessageKind;
  channel: CommunityChannel;
  communityAlertId: string | null;
  areaNames: string[] | null;
  status: CommunityMessageStatus;
  /** Sends tried so far. */
  attempts: number;
}

/** Adds queued messages (the caller enqueues their outbox events in the same transaction). */
export async function insertMessages(
  tx: Queryable,
  rows: readonly {
    jurisdictionId: string;
    id: string;
    subscriberId: string;
    kind: CommunityMessageKind;
    channel: CommunityChannel;
    communityAlertId: string | null;
    areaNames: readonly string[] | null;
    createdAt: Date;
  }[],
): Promise<void> {
  for (const row of rows) {
    await tx.query(
      `insert into community_messages (jurisdiction_id, id, subscriber_id, kind, channel,
         community_alert_id, area_names, status, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'queued', $8)`,
      [
        row.jurisdictionId,
        row.id,
        row.subscriberId,
        row.kind,
        row.channel,
        row.communityAlertId,
        row.areaNames ? JSON.stringify(row.areaNames) : null,
        row.createdAt,
      ],
    );
  }
}

/** A message, locked while it is sent, so two servers never send it at once. */
export async function lockMessage(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<CommunityMessageRow | null> {
  const [row] = await tx.query<CommunityMessageRow>(
    `select jurisdiction_id as "jurisdictionId", id, subscriber_id as "subscriberId", kind, channel,
       community_alert_id as "communityAlertId", area_names as "areaNames", status, attempts
     from community_messages where jurisdiction_id = $1 and id = $2 for update`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** Records a send's outcome. */
export async function recordMessageOutcome(
  tx: Queryable,
  message: { jurisdictionId: string; id: string },
  outcome: { status: 'sent'; at: Date } | { status: 'queued' | 'failed'; error: string },
): Promise<void> {
  if (outcome.status === 'sent') {
    await tx.query(
      `update community_messages set status = 'sent', sent_at = $3, attempts = attempts + 1, last_error = null
       where jurisdiction_id = $1 and id = $2`,
      [message.jurisdictionId, message.id, outcome.at],
    );
    return;
  }
  await tx.query(
    `update community_messages set status = $3, last_error = $4, attempts = attempts + 1
     where jurisdiction_id = $1 and id = $2`,
    [message.jurisdictionId, message.id, outcome.status, outcome.error],
  );
}

/** Messages of each community alert by channel and status. */
export async function countAlertMessages(
  db: Queryable,
  jurisdictionId: string,
  alertIds: readonly string[],
): Promise<
  { communityAlertId: string; channel: CommunityChannel; status: CommunityMessageStatus; count: number }[]
> {
  return db.query(
    `select community_alert_id as "communityAlertId", channel, status, count(*)::int as count
     from community_messages where jurisdiction_id = $1 and community_alert_id = any($2)
     group by community_alert_id, channel, status`,
    [jurisdictionId, alertIds],
  );
}
