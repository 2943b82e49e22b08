import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorizeUser, type SignedInUser } from '../access/authorize.js';
import { findJurisdiction, listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import { requireCoveringAgreement } from '../access/sharing-agreements/agreement-coverage.js';
import { coveringAgreements } from '../access/sharing-agreements/covering-agreements.js';
import { checkWebhookAddress, type WebhookAddressPolicy } from '../alerts/webhook-address.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring } from '../platform/keyring.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import { localDateOf } from '../platform/time-zones.js';
import {
  type PresentedConnector,
  type PresentedDelivery,
  presentConnector,
  presentDelivery,
} from './connector-presenter.js';
import {
  findConnector,
  insertConnector,
  listConnectors,
  type StoredConnector,
  updateConnector,
} from './connector-repository.js';
import {
  countDeliveriesByStatus,
  findDelivery,
  insertDelivery,
  listDeliveries,
  recordAttempt,
  type StoredDelivery,
} from './delivery-repository.js';
import { enqueueDelivery } from './push-delivery.js';
import { bodySha256 } from './push-enqueue.js';

/** What the connector service needs. */
export interface ConnectorDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Where a connector may point (the webhooks' SSRF guard and its allowed ranges). */
  addresses: WebhookAddressPolicy;
  /** Wakes the outbox after a delivery's event is committed (a test, a retry). */
  outboxWritten?: () => void;
}

/** A connector's settings as an analyst gives them; `secret` may be left out of an edit to keep it. */
export interface ConnectorInput {
  name: string;
  targetUrl: string;
  organizationId: string | null;
  sharingAgreementId: string;
  secret?: string;
  enabled: boolean;
}

/** An agreement a connector may name: in force and covering line-level overdoses. */
export interface AgreementOption {
  id: string;
  title: string;
  party_organization_ids: string[];
}

const SIGNED_IN_ONLY = 'Push connectors are managed by signed-in analysts';

async function todayOf(db: Queryable, jurisdictionId: string, now: Date): Promise<string> {
  return localDateOf(now, (await findJurisdiction(db, jurisdictionId))?.timeZone ?? 'UTC');
}

async function namesOf(deps: ConnectorDependencies, jurisdictionId: string) {
  const organizations = new Map(
    (await listOrganizations(deps.db, jurisdictionId)).map((o) => [o.id, o.name]),
  );
  const today = await todayOf(deps.db, jurisdictionId, deps.clock.now());
  const inForce = await coveringAgreements(deps.db, jurisdictionId, {
    organizationIds: [],
    categories: [],
    on: today,
  });
  return { organizations, agreements: new Map(inForce.map((a) => [a.id, a.title])) };
}

async function present(deps: ConnectorDependencies, connectors: StoredConnector[], jurisdictionId: string) {
  const names = await namesOf(deps, jurisdictionId);
  return Promise.all(
    connectors.map(async (c) =>
      presentConnector(c, names, await countDeliveriesByStatus(deps.db, jurisdictionId, c.id)),
    ),
  );
}

/** The connectors of the analyst's jurisdiction, by name, with their deliveries per status. */
export async function listPushConnectors(
  deps: ConnectorDependencies,
  actor: Actor,
): Promise<PresentedConnector[]> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  return present(deps, await listConnectors(deps.db, actor.jurisdictionId), actor.jurisdictionId);
}

/** The agreements a connector may name today (in force, covering line-level overdoses), by title. */
export async function listConnectorAgreements(
  deps: ConnectorDependencies,
  actor: Actor,
): Promise<AgreementOption[]> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  const today = await todayOf(deps.db, actor.jurisdictionId, deps.clock.now());
  const agreements = await coveringAgreements(deps.db, actor.jurisdictionId, {
    organizationIds: [],
    categories: ['line_level_overdoses'],
    on: today,
  });
  return agreements.map((a) => ({
    id: a.id,
    title: a.title,
    party_organization_ids: a.partyOrganizationIds,
  }));
}

/**
 * Checks a connector's settings: an http(s) URL whose host resolves only to addresses webhooks may
 * reach (WEBHOOK_ADDRESS_REFUSED, field target_url), an agency of the jurisdiction, and an agreement
 * in force that covers line-level overdoses with that agency a party (AGREEMENT_REQUIRED).
 */
async function checkInput(
  deps: ConnectorDependencies,
  user: SignedInUser,
  input: ConnectorInput,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(input.targetUrl);
  } catch {
    throw new SosError('VALIDATION_FAILED', 'target_url is not a URL', { field: 'target_url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SosError('VALIDATION_FAILED', 'target_url must be an http or https URL', {
      field: 'target_url',
    });
  }
  try {
    await checkWebhookAddress(url, deps.addresses);
  } catch (error) {
    if (error instanceof SosError && error.code === 'WEBHOOK_ADDRESS_REFUSED') {
      throw new SosError('WEBHOOK_ADDRESS_REFUSED', error.message.replace('webhook.url', 'target_url'), {
        ...(error.details as object),
        field: 'target_url',
      });
    }
    throw error;
  }
  if (input.organizationId) {
    const known = (await listOrganizations(deps.db, user.jurisdictionId)).some(
      (o) => o.id === input.organizationId,
    );
    if (!known) {
      throw new SosError(
        'VALIDATION_FAILED',
        `No organization ${input.organizationId} in this jurisdiction`,
        {
          field: 'organization_id',
        },
      );
    }
  }
  await requireCoveringAgreement(deps.db, user.jurisdictionId, input.sharingAgreementId, {
    organizationIds: input.organizationId ? [input.organizationId] : [],
    categories: ['line_level_overdoses'],
    on: await todayOf(deps.db, user.jurisdictionId, deps.clock.now()),
  });
}

/** What an audit entry says of a connector: never its secret, nor its URL's path or query (they may hold a token). */
function auditDetails(input: ConnectorInput, secretChanged: boolean) {
  return {
    name: input.name,
    host: new URL(input.targetUrl).host,
    organization_id: input.organizationId,
    sharing_agreement_id: input.sharingAgreementId,
    enabled: input.enabled,
    secret_changed: secretChanged,
  };
}

/** Adds a connector (its secret sealed), audited in the same transaction. */
export async function createPushConnector(
  deps: ConnectorDependencies,
  actor: Actor,
  input: ConnectorInput,
): Promise<PresentedConnector> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  if (!input.secret)
    throw new SosError('VALIDATION_FAILED', 'A new connector needs a secret', { field: 'secret' });
  await checkInput(deps, actor, input);
  const now = deps.clock.now();
  const sealed = deps.keyring.seal(input.secret);
  const connector: StoredConnector = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(now.getTime()),
    name: input.name,
    targetUrl: input.targetUrl,
    organizationId: input.organizationId,
    sharingAgreementId: input.sharingAgreementId,
    secretKeyId: sealed.keyId,
    secretSealed: sealed.sealed,
    enabled: input.enabled,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertConnector(tx, connector);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'interop_connectors.create',
        subjectType: 'interop_connector',
        subjectId: connector.id,
        purpose: 'operations',
        details: auditDetails(input, true),
      },
    ]);
  });
  const [presented] = await present(deps, [connector], actor.jurisdictionId);
  return presented as PresentedConnector;
}

/** Changes a connector's settings (a new secret only when one is given), audited. */
export async function editPushConnector(
  deps: ConnectorDependencies,
  actor: Actor,
  id: string,
  input: ConnectorInput,
): Promise<PresentedConnector> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  const stored = await findConnector(deps.db, actor.jurisdictionId, id);
  if (!stored) throw new SosError('NOT_FOUND', `No push connector ${id}`);
  await checkInput(deps, actor, input);
  const now = deps.clock.now();
  const sealed = input.secret ? deps.keyring.seal(input.secret) : null;
  const connector: StoredConnector = {
    ...stored,
    name: input.name,
    targetUrl: input.targetUrl,
    organizationId: input.organizationId,
    sharingAgreementId: input.sharingAgreementId,
    enabled: input.enabled,
    ...(sealed ? { secretKeyId: sealed.keyId, secretSealed: sealed.sealed } : {}),
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await updateConnector(tx, connector);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'interop_connectors.edit',
        subjectType: 'interop_connector',
        subjectId: id,
        purpose: 'operations',
        details: auditDetails(input, sealed !== null),
      },
    ]);
  });
  const [presented] = await present(deps, [connector], actor.jurisdictionId);
  return presented as PresentedConnector;
}

/** A connector with a page of its deliveries, newest first. */
export async function readPushConnector(
  deps: ConnectorDependencies,
  actor: Actor,
  id: string,
  page: { cursor: string | null; limit: number },
): Promise<{ connector: PresentedConnector; deliveries: PresentedDelivery[]; next: string | null }> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  const stored = await findConnector(deps.db, actor.jurisdictionId, id);
  if (!stored) throw new SosError('NOT_FOUND', `No push connector ${id}`);
  const position = page.cursor ? decodePageCursor(page.cursor) : null;
  const rows = await listDeliveries(deps.db, actor.jurisdictionId, id, {
    before: position ? { createdAt: position.at, id: position.id } : null,
    limit: page.limit + 1,
  });
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const next =
    rows.length > page.limit && last ? encodePageCursor({ at: new Date(last.createdAt), id: last.id }) : null;
  const [connector] = await present(deps, [stored], actor.jurisdictionId);
  return { connector: connector as PresentedConnector, deliveries: shown.map(presentDelivery), next };
}

/**
 * Sends a test body (no overdose: the connector's name and the time) through the same path as a
 * real push, so the analyst sees the receiver's answer among the deliveries. Audited.
 */
export async function sendTestDelivery(
  deps: ConnectorDependencies,
  actor: Actor,
  id: string,
): Promise<PresentedDelivery> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  const connector = await findConnector(deps.db, actor.jurisdictionId, id);
  if (!connector) throw new SosError('NOT_FOUND', `No push connector ${id}`);
  const now = deps.clock.now();
  const body = JSON.stringify({ type: 'test', connector: connector.name, sent_at: now.toISOString() });
  const delivery: StoredDelivery = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(now.getTime()),
    connectorId: id,
    overdoseId: null,
    kind: 'test',
    body,
    bodySha256: bodySha256(body),
    status: 'pending',
    attempts: 0,
    lastError: null,
    lastStatusCode: null,
    createdAt: now,
    updatedAt: now,
    deliveredAt: null,
  };
  await deps.db.transaction(async (tx) => {
    await insertDelivery(tx, delivery);
    await enqueueDelivery(tx, actor.jurisdictionId, delivery.id);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'interop_connectors.test',
        subjectType: 'interop_connector',
        subjectId: id,
        purpose: 'operations',
        details: { delivery_id: delivery.id },
      },
    ]);
  });
  deps.outboxWritten?.();
  return presentDelivery(delivery);
}

/** Sends a failed delivery again (its attempts counted afresh), audited; only a failed one may be. */
export async function retryDelivery(
  deps: ConnectorDependencies,
  actor: Actor,
  connectorId: string,
  deliveryId: string,
): Promise<PresentedDelivery> {
  authorizeUser(actor, 'interop.manage', SIGNED_IN_ONLY);
  const delivery = await findDelivery(deps.db, actor.jurisdictionId, deliveryId);
  if (!delivery || delivery.connectorId !== connectorId) {
    throw new SosError('NOT_FOUND', `No delivery ${deliveryId} of connector ${connectorId}`);
  }
  if (delivery.status !== 'failed') {
    throw new SosError(
      'INTEROP_DELIVERY_NOT_FAILED',
      `The delivery is ${delivery.status}: only a failed one is retried`,
    );
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await recordAttempt(tx, {
      jurisdictionId: actor.jurisdictionId,
      id: deliveryId,
      status: 'pending',
      attempts: 0,
      lastError: delivery.lastError,
      lastStatusCode: delivery.lastStatusCode,
      at: now,
    });
    await enqueueDelivery(tx, actor.jurisdictionId, deliveryId);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'interop_connectors.retry',
        subjectType: 'interop_connector',
        subjectId: connectorId,
        purpose: 'operations',
        details: { delivery_id: deliveryId, attempts_before: delivery.attempts },
      },
    ]);
  });
  deps.outboxWritten?.();
  return presentDelivery({ ...delivery, status: 'pending', attempts: 0, updatedAt: now });
}
