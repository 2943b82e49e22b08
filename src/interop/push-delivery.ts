import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { requireCoveringAgreement } from '../access/sharing-agreements/agreement-coverage.js';
import type { WebhookAddressPolicy } from '../alerts/webhook-address.js';
import { postWebhook } from '../alerts/webhook-request.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import type { Keyring } from '../platform/keyring.js';
import { enqueueEvent } from '../platform/outbox/outbox-store.js';
import { localDateOf } from '../platform/time-zones.js';
import { findConnector, type StoredConnector } from './connector-repository.js';
import { findDelivery, recordAttempt, type StoredDelivery } from './delivery-repository.js';
import { signPush } from './push-signature.js';

/** The outbox topic of one delivery to send: the outbox retries it with backoff while it fails. */
export const INTEROP_DELIVERY_TOPIC = 'interop.delivery';

/** Attempts before a delivery is given up (failed) until an analyst retries it: about 10 minutes of backoff. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/** How long one attempt may take. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** What sending needs: the database, the clock, the keyring (the secret) and where HTTP may go. */
export interface PushDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  addresses: WebhookAddressPolicy;
}

/** The payload of an INTEROP_DELIVERY_TOPIC event. */
interface DeliveryEvent {
  jurisdiction_id: string;
  delivery_id: string;
}

/** Writes a delivery's outbox event in the caller's transaction (the one that stored or reopened it). */
export function enqueueDelivery(tx: Queryable, jurisdictionId: string, deliveryId: string): Promise<void> {
  const payload: DeliveryEvent = { jurisdiction_id: jurisdictionId, delivery_id: deliveryId };
  return enqueueEvent(tx, INTEROP_DELIVERY_TOPIC, payload);
}

function readDeliveryEvent(payload: unknown): DeliveryEvent {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (typeof p.jurisdiction_id !== 'string' || typeof p.delivery_id !== 'string') {
    throw new Error(`Not an ${INTEROP_DELIVERY_TOPIC} payload`);
  }
  return { jurisdiction_id: p.jurisdiction_id, delivery_id: p.delivery_id };
}

/** Why a connector may not send now, or null: it exists, is enabled and its agreement is in force. */
async function blocked(
  db: Queryable,
  connector: StoredConnector | null,
  delivery: StoredDelivery,
  now: Date,
): Promise<string | null> {
  if (!connector) return 'The connector no longer exists';
  if (!connector.enabled && delivery.kind === 'overdose') return 'The connector is disabled';
  const timeZone = (await findJurisdiction(db, connector.jurisdictionId))?.timeZone ?? 'UTC';
  try {
    await requireCoveringAgreement(db, connector.jurisdictionId, connector.sharingAgreementId, {
      organizationIds: connector.organizationId ? [connector.organizationId] : [],
      categories: ['line_level_overdoses'],
      on: localDateOf(now, timeZone),
    });
  } catch (error) {
    if (error instanceof SosError) return error.message;
    throw error;
  }
  return null;
}

/**
 * Sends one delivery (the outbox's handler of INTEROP_DELIVERY_TOPIC): POSTs its body signed with
 * the connector's secret and a timestamp, through the SSRF guard of webhooks. A delivered or failed
 * delivery is left alone, so an event handled twice sends nothing twice. A failure is recorded and
 * thrown, so the outbox tries again after its backoff, until MAX_DELIVERY_ATTEMPTS; a refused address,
 * a disabled connector or an agreement no longer in force fail at once, since waiting mends none.
 */
export async function sendDelivery(deps: PushDependencies, payload: unknown): Promise<void> {
  const event = readDeliveryEvent(payload);
  const delivery = await findDelivery(deps.db, event.jurisdiction_id, event.delivery_id);
  if (delivery?.status !== 'pending') return;
  const connector = await findConnector(deps.db, delivery.jurisdictionId, delivery.connectorId);
  const attempts = delivery.attempts + 1;
  const record = (
    status: StoredDelivery['status'],
    lastError: string | null,
    lastStatusCode: number | null,
  ) =>
    recordAttempt(deps.db, {
      jurisdictionId: delivery.jurisdictionId,
      id: delivery.id,
      status,
      attempts,
      lastError,
      lastStatusCode,
      at: deps.clock.now(),
    });
  const reason = await blocked(deps.db, connector, delivery, deps.clock.now());
  if (reason || !connector) {
    await record('failed', reason, null);
    return;
  }
  const secret = deps.keyring.open<string>(connector.secretKeyId, connector.secretSealed);
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    statusCode = await postWebhook(
      connector.targetUrl,
      {
        headers: {
          'content-type': 'application/json',
          'x-sos-delivery': delivery.id,
          'x-sos-event': delivery.kind,
          'x-sos-timestamp': String(timestamp),
          'x-sos-signature': signPush(delivery.body, timestamp, secret),
        },
        body: delivery.body,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
      },
      deps.addresses,
    );
    if (statusCode < 200 || statusCode > 299) error = `The receiver answered ${statusCode}`;
  } catch (thrown) {
    if (thrown instanceof SosError && thrown.code === 'WEBHOOK_ADDRESS_REFUSED') {
      await record('failed', thrown.message, null);
      return;
    }
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  if (error === null) {
    await record('delivered', null, statusCode);
    return;
  }
  const givingUp = attempts >= MAX_DELIVERY_ATTEMPTS;
  await record(givingUp ? 'failed' : 'pending', error, statusCode);
  if (!givingUp) throw new Error(`Delivery ${delivery.id} to connector ${connector.name}: ${error}`);
}
