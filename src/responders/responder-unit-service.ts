import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorizeUser } from '../access/authorize.js';
import { findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { PeerSupportContact } from './debrief-prompt-mail.js';
import { listPeerContacts, replacePeerContacts } from './peer-contact-repository.js';
import { type PresentedUnit, presentUnit } from './responder-unit-presenter.js';
import {
  findUnit,
  insertUnit,
  listUnits,
  type ResponderUnit,
  updateUnit,
} from './responder-unit-repository.js';

/** What the unit services need. */
export interface ResponderDependencies {
  db: Database;
  clock: Clock;
}

/** A new unit as a request names it. */
export interface UnitInput {
  organization_id: string;
  code: string;
  name: string;
  supervisor_email: string;
}

/** The units of the administrator's jurisdiction. */
export async function listResponderUnits(
  deps: ResponderDependencies,
  actor: Actor,
): Promise<PresentedUnit[]> {
  authorizeUser(actor, 'responder_unit.manage');
  return (await listUnits(deps.db, actor.jurisdictionId)).map(presentUnit);
}

/** Adds a unit of an organization of the jurisdiction; audited. */
export async function createResponderUnit(
  deps: ResponderDependencies,
  actor: Actor,
  input: UnitInput,
): Promise<PresentedUnit> {
  authorizeUser(actor, 'responder_unit.manage');
  const jurisdictionId = actor.jurisdictionId;
  if (!(await findOrganization(deps.db, jurisdictionId, input.organization_id))) {
    throw new SosError('UNKNOWN_ORGANIZATION', 'No organization by that id in your jurisdiction', {
      field: 'organization_id',
    });
  }
  const unit: ResponderUnit = {
    id: newId(),
    organizationId: input.organization_id,
    code: input.code,
    name: input.name,
    supervisorEmail: input.supervisor_email,
    active: true,
    createdAt: deps.clock.now(),
  };
  await deps.db.transaction(async (tx) => {
    if (!(await insertUnit(tx, jurisdictionId, unit))) {
      throw new SosError('RESPONDER_UNIT_CODE_TAKEN', `The organization already has a unit ${unit.code}`, {
        field: 'code',
      });
    }
    await audit(tx, jurisdictionId, deps.clock.now(), actor, 'responder_unit.create', unit.id);
  });
  return presentUnit(unit);
}

/** Changes a unit's name, supervisor or active flag (its organization and code name it in reports); audited. */
export async function changeResponderUnit(
  deps: ResponderDependencies,
  actor: Actor,
  unitId: string,
  change: Partial<{ name: string; supervisor_email: string; active: boolean }>,
): Promise<PresentedUnit> {
  authorizeUser(actor, 'responder_unit.manage');
  const jurisdictionId = actor.jurisdictionId;
  return deps.db.transaction(async (tx) => {
    const unit = await findUnit(tx, jurisdictionId, unitId);
    if (!unit) throw new SosError('NOT_FOUND', 'No responding unit by that id');
    const changed: ResponderUnit = {
      ...unit,
      name: change.name ?? unit.name,
      supervisorEmail: change.supervisor_email ?? unit.supervisorEmail,
      active: change.active ?? unit.active,
    };
    await updateUnit(tx, jurisdictionId, changed);
    await audit(tx, jurisdictionId, deps.clock.now(), actor, 'responder_unit.change', unit.id);
    return presentUnit(changed);
  });
}

/** The peer-support contacts every debrief prompt of the jurisdiction lists. */
export async function readPeerContacts(
  deps: ResponderDependencies,
  actor: Actor,
): Promise<PeerSupportContact[]> {
  authorizeUser(actor, 'responder_unit.manage');
  return listPeerContacts(deps.db, actor.jurisdictionId);
}

/** Replaces the peer-support contacts (jurisdiction data, not the deployment's); audited. */
export async function changePeerContacts(
  deps: ResponderDependencies,
  actor: Actor,
  contacts: readonly PeerSupportContact[],
): Promise<PeerSupportContact[]> {
  authorizeUser(actor, 'responder_unit.manage');
  const jurisdictionId = actor.jurisdictionId;
  await deps.db.transaction(async (tx) => {
    await replacePeerContacts(
      tx,
      jurisdictionId,
      contacts.map((c) => ({ ...c, id: newId() })),
    );
    await recordAuditEntries(tx, jurisdictionId, deps.clock.now(), [
      {
        ...auditActor(actor),
        action: 'responder_peer_contacts.change',
        subjectType: 'jurisdiction',
        subjectId: jurisdictionId,
        purpose: 'operations',
        details: { contacts: contacts.length },
      },
    ]);
  });
  return listPeerContacts(deps.db, jurisdictionId);
}

/** The audit entry of a change to a unit. */
function audit(
  tx: Queryable,
  jurisdictionId: string,
  at: Date,
  actor: Actor,
  action: string,
  unitId: string,
): Promise<void> {
  return recordAuditEntries(tx, jurisdictionId, at, [
    {
      ...auditActor(actor),
      action,
      subjectType: 'responder_unit',
      subjectId: unitId,
      purpose: 'operations',
      details: null,
    },
  ]);
}
