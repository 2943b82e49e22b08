import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import type { Resource } from '../access/resource.js';
import { type Actor, auditActor } from '../access/roles.js';
import { openPerson } from '../persons/person-vault.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import { consentInForce } from './case-records.js';
import { findCase } from './case-repository.js';
import { findConsent } from './consent-repository.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { moveReferral, type ReferralMove } from './referral-moves.js';
import {
  type IncomingReferral,
  presentIncomingReferral,
  type ReferralRecord,
  type ReferredPerson,
} from './referral-presenter.js';
import {
  findReferral,
  listReferralEvents,
  listReferralsToOrganization,
  type StoredReferral,
} from './referral-repository.js';
import type { ReferralStatus } from './referral-status.js';

/** A receiving organization's actor: a provider's user or an API key, and the organization it answers for. */
export interface Receiver {
  actor: Actor & { kind: 'user' | 'api_key'; jurisdictionId: string };
  organizationId: string;
}

/**
 * The first line of every method of the receiving side: `referral.receive` asked of the role (404 for a
 * role without it, as for a route that is not there), and the organization the actor answers for. A
 * provider's account that names no organization receives nothing.
 */
export function authorizeReceiver(actor: Actor): Receiver {
  try {
    authorize(actor, 'referral.receive');
  } catch (error) {
    if (error instanceof SosError && error.code === 'FORBIDDEN') throw new SosError('NOT_FOUND');
    throw error;
  }
  if ((actor.kind !== 'user' && actor.kind !== 'api_key') || actor.organizationId === null) {
    throw new SosError('FORBIDDEN', "A provider's account names the organization it receives referrals for");
  }
  return { actor, organizationId: actor.organizationId };
}

/** What the policy tests of a referral on the receiving side: the organization it was sent to. */
function referralResource(r: StoredReferral): Resource {
  return {
    type: 'outreach_referral',
    id: r.id,
    jurisdictionId: r.jurisdictionId,
    ...(r.receivingOrganizationId ? { organizationId: r.receivingOrganizationId } : {}),
  };
}

/** A referral of the receiver's organization, locked when moving it; 404 for any other (its existence does not leak). */
export async function receivedReferral(
  tx: Queryable,
  receiver: Receiver,
  referralId: string,
  lock: boolean,
): Promise<StoredReferral> {
  const stored = await findReferral(tx, receiver.actor.jurisdictionId, referralId, lock);
  const notFound = new SosError('NOT_FOUND', 'No such referral for your organization');
  if (!stored || stored.receivingOrganizationId !== receiver.organizationId) throw notFound;
  try {
    authorize(receiver.actor, 'referral.receive', referralResource(stored), 'treatment');
  } catch {
    throw notFound;
  }
  return stored;
}

/** Whether the survivor's consent to share with the receiving organization is in force now. */
async function sharedWithReceiver(tx: Queryable, r: StoredReferral, now: Date): Promise<boolean> {
  if (r.consentId === null || r.receivingOrganizationId === null) return false;
  const consent = await findConsent(tx, r.jurisdictionId, r.consentId);
  return (
    consent !== null &&
    consent.caseId === r.caseId &&
    consent.scope === 'share_with_organization' &&
    consent.recipientOrganizationId === r.receivingOrganizationId &&
    consentInForce(consent, now)
  );
}

/** A referral read in a transaction, and the person id to open after it when shared. */
interface ReadReferral {
  record: ReferralRecord;
  shared: boolean;
  personId: string | null;
}

/** Reads what the receiver sees of some referrals: history, whether shared, the case's person. */
async function readForReceiver(
  tx: Queryable,
  referrals: readonly StoredReferral[],
  now: Date,
): Promise<ReadReferral[]> {
  const j = referrals[0]?.jurisdictionId;
  if (j === undefined) return [];
  const events = await listReferralEvents(
    tx,
    j,
    referrals.map((r) => r.id),
  );
  const read: ReadReferral[] = [];
  for (const r of referrals) {
    const shared = await sharedWithReceiver(tx, r, now);
    const outreachCase = shared ? await findCase(tx, j, r.caseId) : null;
    read.push({
      record: { ...r, history: events.filter((e) => e.referralId === r.id) },
      shared,
      personId: outreachCase && !outreachCase.purgedAt ? outreachCase.personId : null,
    });
  }
  return read;
}

/**
 * Presents what was read: the person opened through the vault (purpose treatment, audited there) for
 * a provider's user when shared; an API key is T0 and gets the referral without the person.
 */
async function presentForReceiver(
  deps: { db: Database; keyring: OutreachDependencies['keyring'] },
  receiver: Receiver,
  read: readonly ReadReferral[],
  now: Date,
): Promise<IncomingReferral[]> {
  const presented: IncomingReferral[] = [];
  for (const { record, shared, personId } of read) {
    let person: ReferredPerson | null = null;
    if (shared && personId && receiver.actor.kind === 'user') {
      const p = await openPerson(
        deps.db,
        deps.keyring,
        receiver.actor,
        {
          jurisdictionId: record.jurisdictionId,
          personId,
          use: 'treatment',
          organizationId: receiver.organizationId,
        },
        now,
      );
      person = {
        first_name: p.first_name ?? null,
        last_name: p.last_name ?? null,
        birth_date: p.birth_date ?? null,
        phone: p.phone ?? null,
      };
    }
    presented.push(presentIncomingReferral(record, person, shared, now));
  }
  return presented;
}

/** Writes the audit entry of a receiver's read of referrals (T3: the note, the person), purpose treatment. */
export function auditReceiverRead(
  tx: Queryable,
  receiver: Receiver,
  now: Date,
  action: string,
  referralIds: readonly string[],
): Promise<void> {
  return recordAuditEntries(tx, receiver.actor.jurisdictionId, now, [
    {
      ...auditActor(receiver.actor),
      action,
      subjectType: 'organization',
      subjectId: receiver.organizationId,
      purpose: 'treatment',
      details: { referral_ids: [...referralIds] },
    },
  ]);
}

/** The query of the receiver's list. */
export interface IncomingQuery {
  status?: ReferralStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The referrals sent to the actor's organization, newest first, a page at a time; an audited read. */
export async function listIncomingReferrals(
  deps: OutreachDependencies,
  actor: Actor,
  query: IncomingQuery,
): Promise<{ referrals: IncomingReferral[]; next_cursor: string | null; total: number }> {
  const receiver = authorizeReceiver(actor);
  const now = deps.clock.now();
  const after = query.cursor === undefined ? null : decodePageCursor(query.cursor);
  const { read, total, more } = await deps.db.transaction(async (tx) => {
    const page = await listReferralsToOrganization(
      tx,
      receiver.actor.jurisdictionId,
      receiver.organizationId,
      {
        status: query.status,
        after,
        limit: query.limit,
      },
    );
    const rows = page.rows.slice(0, query.limit);
    for (const r of rows) authorize(receiver.actor, 'referral.receive', referralResource(r), 'treatment');
    await auditReceiverRead(
      tx,
      receiver,
      now,
      'referral.list_received',
      rows.map((r) => r.id),
    );
    return {
      read: await readForReceiver(tx, rows, now),
      total: page.total,
      more: page.rows.length > query.limit,
    };
  });
  const last = read.at(-1)?.record;
  return {
    referrals: await presentForReceiver(deps, receiver, read, now),
    next_cursor: more && last ? encodePageCursor({ at: last.referredAt, id: last.id }) : null,
    total,
  };
}

/** One referral sent to the actor's organization (404 for another's); an audited read. */
export async function readIncomingReferral(
  deps: OutreachDependencies,
  actor: Actor,
  referralId: string,
): Promise<IncomingReferral> {
  const receiver = authorizeReceiver(actor);
  const now = deps.clock.now();
  const read = await deps.db.transaction(async (tx) => {
    const stored = await receivedReferral(tx, receiver, referralId, false);
    await auditReceiverRead(tx, receiver, now, 'referral.read_received', [stored.id]);
    return readForReceiver(tx, [stored], now);
  });
  return (await presentForReceiver(deps, receiver, read, now))[0] as IncomingReferral;
}

/**
 * The receiving organization's answer: accepted, rejected, in-progress, on-hold, completed or failed,
 * with the dates it sets; audited in the move's transaction.
 */
export async function answerReferral(
  deps: OutreachDependencies,
  actor: Actor,
  referralId: string,
  move: ReferralMove,
): Promise<IncomingReferral> {
  const receiver = authorizeReceiver(actor);
  const now = deps.clock.now();
  const read = await deps.db.transaction(async (tx) => {
    const stored = await receivedReferral(tx, receiver, referralId, true);
    const { referral, path } = await moveReferral(tx, stored, move, 'receiver', receiver.actor, now);
    await recordAuditEntries(tx, receiver.actor.jurisdictionId, now, [
      {
        ...auditActor(receiver.actor),
        action: 'referral.answer',
        subjectType: 'outreach_case',
        subjectId: stored.caseId,
        purpose: 'treatment',
        details: { referral_id: referralId, from: stored.status, path },
      },
    ]);
    return readForReceiver(tx, [referral], now);
  });
  return (await presentForReceiver(deps, receiver, read, now))[0] as IncomingReferral;
}
