import type { Queryable } from '../../platform/database.js';
import type {
  CommunityChannel,
  CommunityLanguage,
  SubscriberAudience,
  SubscriberStatus,
} from './community-vocabulary.js';

/** A subscriber row as the service reads it (the address stays sealed). */
export interface SubscriberRow {
  jurisdictionId: string;
  id: string;
  channel: CommunityChannel;
  addressKeyId: string;
  addressSealed: Uint8Array;
  audience: SubscriberAudience;
  language: CommunityLanguage;
  status: SubscriberStatus;
  requestedAreaIds: string[] | null;
  requestedAudience: SubscriberAudience | null;
  confirmTokenHash: string | null;
  confirmExpiresAt: Date | null;
}

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, channel, address_key_id as "addressKeyId",
  address_sealed as "addressSealed", audience, language, status, requested_area_ids as "requestedAreaIds",
  requested_audience as "requestedAudience", confirm_token_hash as "confirmTokenHash",
  confirm_expires_at as "confirmExpiresAt"`;

/** The subscriber of a channel whose address hashes to one of `hashes` (hex), locked for the change. */
export async function lockSubscriberByAddress(
  tx: Queryable,
  jurisdictionId: string,
  channel: CommunityChannel,
  hashes: readonly string[],
): Promise<SubscriberRow | null> {
  const [row] = await tx.query<SubscriberRow>(
    `select ${COLUMNS} from community_subscribers
     where jurisdiction_id = $1 and channel = $2 and address_hash = any($3) limit 1 for update`,
    [jurisdictionId, channel, hashes],
  );
  return row ?? null;
}

/** A subscriber by id, locked for the change. */
export async function lockSubscriber(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<SubscriberRow | null> {
  const [row] = await tx.query<SubscriberRow>(
    `select ${COLUMNS} from community_subscribers where jurisdiction_id = $1 and id = $2 for update`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** A subscriber by id. */
export async function findSubscriber(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<SubscriberRow | null> {
  const [row] = await db.query<SubscriberRow>(
    `select ${COLUMNS} from community_subscribers where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** The subscriber whose email confirmation link has this token hash, locked (a link names no jurisdiction). */
export async function lockSubscriberByToken(tx: Queryable, tokenHash: string): Promise<SubscriberRow | null> {
  const [row] = await tx.query<SubscriberRow>(
    `select ${COLUMNS} from community_subscribers where confirm_token_hash = $1 for update`,
    [tokenHash],
  );
  return row ?? null;
}

/** Adds a subscriber. */
export async function insertSubscriber(
  tx: Queryable,
  row: {
    jurisdictionId: string;
    id: string;
    channel: CommunityChannel;
    addressKeyId: string;
    addressSealed: Uint8Array;
    addressHash: string;
    audience: SubscriberAudience;
    language: CommunityLanguage;
    status: SubscriberStatus;
    createdAt: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into community_subscribers (jurisdiction_id, id, channel, address_key_id, address_sealed,
       address_hash, audience, language, status, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      row.jurisdictionId,
      row.id,
      row.channel,
      row.addressKeyId,
      row.addressSealed,
      row.addressHash,
      row.audience,
      row.language,
      row.status,
      row.createdAt,
    ],
  );
}

/** Records a request for areas, waiting for confirmation until `expiresAt`. */
export async function updateSubscriberRequest(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  request: {
    status: SubscriberStatus;
    language: CommunityLanguage;
    areaIds: readonly string[];
    audience: SubscriberAudience;
    tokenHash: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.query(
    `update community_subscribers set status = $3, language = $4, requested_area_ids = $5,
       requested_audience = $6, confirm_token_hash = $7, confirm_expires_at = $8
     where jurisdiction_id = $1 and id = $2`,
    [
      jurisdictionId,
      id,
      request.status,
      request.language,
      JSON.stringify(request.areaIds),
      request.audience,
      request.tokenHash,
      request.expiresAt,
    ],
  );
}

/** Sets the hash of a new email confirmation link (made when the email is sent). */
export async function setConfirmTokenHash(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  tokenHash: string,
): Promise<void> {
  await tx.query(
    'update community_subscribers set confirm_token_hash = $3 where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, id, tokenHash],
  );
}

/** Confirms the requested areas: they replace the subscriber's areas and the request is cleared. */
export async function confirmSubscriberRequest(
  tx: Queryable,
  subscriber: { jurisdictionId: string; id: string },
  confirmation: { audience: SubscriberAudience; layerId: string; areaIds: readonly string[]; at: Date },
): Promise<void> {
  await tx.query(
    `update community_subscribers set status = 'confirmed', audience = $3, confirmed_at = $4,
       requested_area_ids = null, requested_audience = null, confirm_token_hash = null,
       confirm_expires_at = null, stopped_at = null
     where jurisdiction_id = $1 and id = $2`,
    [subscriber.jurisdictionId, subscriber.id, confirmation.audience, confirmation.at],
  );
  await tx.query(
    'delete from community_subscription_areas where jurisdiction_id = $1 and subscriber_id = $2',
    [subscriber.jurisdictionId, subscriber.id],
  );
  await tx.query(
    `insert into community_subscription_areas (jurisdiction_id, subscriber_id, layer_id, area_id)
     select $1, $2, $3, a from unnest($4::text[]) as u(a)`,
    [subscriber.jurisdictionId, subscriber.id, confirmation.layerId, confirmation.areaIds],
  );
}

/** Stops a subscriber: no alert reaches them and any waiting confirmation is void. */
export async function stopSubscriber(
  tx: Queryable,
  subscriber: { jurisdictionId: string; id: string },
  at: Date,
): Promise<void> {
  await tx.query(
    `update community_subscribers set status = 'stopped', stopped_at = $3, requested_area_ids = null,
       requested_audience = null, confirm_token_hash = null, confirm_expires_at = null
     where jurisdiction_id = $1 and id = $2`,
    [subscriber.jurisdictionId, subscriber.id, at],
  );
}

/** The areas a subscriber receives alerts for (area ids). */
export async function subscriberAreaIds(
  db: Queryable,
  jurisdictionId: string,
  subscriberId: string,
): Promise<string[]> {
  const rows = await db.query<{ area_id: string }>(
    `select area_id from community_subscription_areas
     where jurisdiction_id = $1 and subscriber_id = $2 order by area_id`,
    [jurisdictionId, subscriberId],
  );
  return rows.map((r) => r.area_id);
}

/** The confirmed subscribers with at least one of these areas, each once. */
export async function confirmedSubscribersOfAreas(
  tx: Queryable,
  jurisdictionId: string,
  layerId: string,
  areaIds: readonly string[],
): Promise<{ id: string; channel: CommunityChannel }[]> {
  return tx.query(
    `select s.id, s.channel from community_subscribers s
     where s.jurisdiction_id = $1 and s.status = 'confirmed' and exists (
       select 1 from community_subscription_areas a
       where a.jurisdiction_id = s.jurisdiction_id and a.subscriber_id = s.id
         and a.layer_id = $2 and a.area_id = any($3))
     order by s.id`,
    [jurisdictionId, layerId, areaIds],
  );
}

/** Confirmed subscribers per area and channel. */
export async function countConfirmedByArea(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ layerId: string; areaId: string; channel: CommunityChannel; count: number }[]> {
  return db.query(
    `select a.layer_id as "layerId", a.area_id as "areaId", s.channel, count(*)::int as count
     from community_subscription_areas a
     join community_subscribers s on s.jurisdiction_id = a.jurisdiction_id and s.id = a.subscriber_id
     where a.jurisdiction_id = $1 and s.status = 'confirmed'
     group by a.layer_id, a.area_id, s.channel order by a.layer_id, a.area_id, s.channel`,
    [jurisdictionId],
  );
}

/** Confirmed subscribers per channel (each once, whatever their number of areas). */
export async function countConfirmedByChannel(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ channel: CommunityChannel; count: number }[]> {
  return db.query(
    `select channel, count(*)::int as count from community_subscribers
     where jurisdiction_id = $1 and status = 'confirmed' group by channel order by channel`,
    [jurisdictionId],
  );
}

/** Subscribers per sealing key (key rotation). */
export async function countSubscribersByKey(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ key_id: string; count: number }>(
    'select address_key_id as key_id, count(*)::int as count from community_subscribers group by address_key_id',
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.count)]));
}

/** Up to `limit` subscribers sealed with another key than `keyId`, locked (key rotation). */
export async function lockSubscribersSealedWithOtherKeys(
  tx: Queryable,
  keyId: string,
  limit: number,
): Promise<
  { jurisdictionId: string; id: string; channel: CommunityChannel; keyId: string; sealed: Uint8Array }[]
> {
  return tx.query(
    `select jurisdiction_id as "jurisdictionId", id, channel, address_key_id as "keyId", address_sealed as sealed
     from community_subscribers where address_key_id <> $1
     order by jurisdiction_id, id limit $2 for update`,
    [keyId, limit],
  );
}

/** Writes a re-sealed address and its hash under the new key. */
export async function updateSealedAddress(
  tx: Queryable,
  row: { jurisdictionId: string; id: string; keyId: string; sealed: Uint8Array; hash: string },
): Promise<void> {
  await tx.query(
    `update community_subscribers set address_key_id = $3, address_sealed = $4, address_hash = $5
     where jurisdiction_id = $1 and id = $2`,
    [row.jurisdictionId, row.id, row.keyId, row.sealed, row.hash],
  );
}
