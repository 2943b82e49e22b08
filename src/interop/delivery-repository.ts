import type { Queryable } from '../platform/database.js';

/** What a delivery carries: an overdose's ODMAP record, or a test body. */
export type DeliveryKind = 'overdose' | 'test';

/** pending: to send (or being retried); delivered; failed: given up, until an analyst retries it. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One delivery as stored. */
export interface StoredDelivery {
  jurisdictionId: string;
  id: string;
  connectorId: string;
  overdoseId: string | null;
  kind: DeliveryKind;
  body: string;
  bodySha256: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, connector_id as "connectorId",
  overdose_id as "overdoseId", kind, body, body_sha256 as "bodySha256", status, attempts,
  last_error as "lastError", last_status_code as "lastStatusCode", created_at as "createdAt",
  updated_at as "updatedAt", delivered_at as "deliveredAt"`;

/**
 * Stores a pending delivery unless the connector already has one of the same overdose and body;
 * true when it was stored (only then is an outbox event written for it).
 */
export async function insertDelivery(tx: Queryable, d: StoredDelivery): Promise<boolean> {
  const rows = await tx.query(
    `insert into interop_deliveries (jurisdiction_id, id, connector_id, overdose_id, kind, body,
       body_sha256, status, attempts, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)
     on conflict (jurisdiction_id, connector_id, overdose_id, body_sha256) do nothing
     returning id`,
    [d.jurisdictionId, d.id, d.connectorId, d.overdoseId, d.kind, d.body, d.bodySha256, d.createdAt],
  );
  return rows.length > 0;
}

/** One delivery of a connector, or null. */
export async function findDelivery(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredDelivery | null> {
  const [row] = await db.query<StoredDelivery>(
    `select ${COLUMNS} from interop_deliveries where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** Records an attempt's outcome. */
export async function recordAttempt(
  tx: Queryable,
  d: {
    jurisdictionId: string;
    id: string;
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    lastStatusCode: number | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `update interop_deliveries set status = $3, attempts = $4, last_error = $5, last_status_code = $6,
       updated_at = $7, delivered_at = case when $3 = 'delivered' then $7 else delivered_at end
     where jurisdiction_id = $1 and id = $2`,
    [d.jurisdictionId, d.id, d.status, d.attempts, d.lastError, d.lastStatusCode, d.at],
  );
}

/** A page of a connector's deliveries, newest first, after a keyset position. */
export function listDeliveries(
  db: Queryable,
  jurisdictionId: string,
  connectorId: string,
  page: { before: { createdAt: Date; id: string } | null; limit: number },
): Promise<StoredDelivery[]> {
  const params: unknown[] = [jurisdictionId, connectorId];
  let before = '';
  if (page.before) {
    params.push(page.before.createdAt.toISOString(), page.before.id);
    before = 'and (created_at, id) < ($3::timestamptz, $4::uuid)';
  }
  params.push(page.limit);
  return db.query<StoredDelivery>(
    `select ${COLUMNS} from interop_deliveries where jurisdiction_id = $1 and connector_id = $2 ${before}
     order by created_at desc, id desc limit $${params.length}`,
    params,
  );
}

/** A connector's deliveries per status (its page's summary). */
export async function countDeliveriesByStatus(
  db: Queryable,
  jurisdictionId: string,
  connectorId: string,
): Promise<Record<DeliveryStatus, number>> {
  const rows = await db.query<{ status: DeliveryStatus; n: number }>(
    `select status, count(*)::int as n from interop_deliveries
     where jurisdiction_id = $1 and connector_id = $2 group by status`,
    [jurisdictionId, connectorId],
  );
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
