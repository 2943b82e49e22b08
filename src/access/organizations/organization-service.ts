import { organizationTypes } from '../../intake/vocabulary/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorizeUser } from '../authorize.js';
import type { Organization, OrganizationContact } from '../jurisdictions/jurisdiction.js';
import {
  findOrganization,
  insertOrganization,
  listOrganizations,
  updateOrganization,
} from '../jurisdictions/jurisdiction-repository.js';
import { type Actor, auditActor } from '../roles.js';
import { type PresentedOrganization, presentOrganization } from './organization-presenter.js';

/** What the organization services need. */
export interface OrganizationDependencies {
  db: Database;
  clock: Clock;
}

/** A contact as written: what is left out or blank is none. */
export interface ContactInput {
  name: string;
  role?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

/** An organization as an administrator writes it (the API's body: all of it on create, any on edit). */
export interface OrganizationInput {
  name: string;
  type: string;
  contacts?: ContactInput[] | undefined;
  allowed_raw_keys?: string[] | undefined;
}

const SIGNED_IN_ONLY = 'Organizations are managed by signed-in administrators';

/** The type, checked against the organization vocabulary (VALIDATION_FAILED on `type`). */
function checkedType(type: string): string {
  if (!(organizationTypes as readonly string[]).includes(type)) {
    throw new SosError(
      'VALIDATION_FAILED',
      `The type is one of ${organizationTypes.join(', ')}, not "${type}"`,
      {
        field: 'type',
      },
    );
  }
  return type;
}

/** Contacts as stored: trimmed, a blank field none. */
const storedContacts = (contacts: readonly ContactInput[]): OrganizationContact[] =>
  contacts.map((c) => ({
    name: c.name.trim(),
    role: c.role?.trim() || null,
    email: c.email?.trim() || null,
    phone: c.phone?.trim() || null,
  }));

/** Raw keys trimmed, each once, in the order given. */
const distinctKeys = (keys: readonly string[]) => [...new Set(keys.map((k) => k.trim()).filter(Boolean))];

/** The organizations of the administrator's jurisdiction, by name. */
export async function listManagedOrganizations(
  deps: OrganizationDependencies,
  actor: Actor,
): Promise<PresentedOrganization[]> {
  authorizeUser(actor, 'organization.manage', SIGNED_IN_ONLY);
  return (await listOrganizations(deps.db, actor.jurisdictionId)).map(presentOrganization);
}

/** Adds an organization to the administrator's jurisdiction, audited as `organization.create`. */
export async function createOrganization(
  deps: OrganizationDependencies,
  actor: Actor,
  input: OrganizationInput,
): Promise<PresentedOrganization> {
  authorizeUser(actor, 'organization.manage', SIGNED_IN_ONLY);
  const organization: Organization = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(),
    name: input.name.trim(),
    type: checkedType(input.type),
    contacts: storedContacts(input.contacts ?? []),
    allowedRawKeys: distinctKeys(input.allowed_raw_keys ?? []),
  };
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await insertOrganization(tx, organization);
    await appendAuditEntries(tx, organization.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'organization.create',
        subjectType: 'organization',
        subjectId: organization.id,
        purpose: null,
        // The contacts are staff's names and numbers: the entry says how many, not who.
        details: {
          name: organization.name,
          type: organization.type,
          contacts: organization.contacts?.length ?? 0,
        },
      },
    ]);
  });
  return presentOrganization(organization);
}

/** Changes the fields given of an organization of the administrator's jurisdiction, audited as `organization.update`. */
export async function editOrganization(
  deps: OrganizationDependencies,
  actor: Actor,
  organizationId: string,
  changes: Partial<OrganizationInput>,
): Promise<PresentedOrganization> {
  authorizeUser(actor, 'organization.manage', SIGNED_IN_ONLY);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const found = await findOrganization(tx, actor.jurisdictionId, organizationId);
    if (!found) throw new SosError('UNKNOWN_ORGANIZATION', `No organization ${organizationId}`);
    const organization: Organization = {
      ...found,
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.type !== undefined ? { type: checkedType(changes.type) } : {}),
      ...(changes.contacts !== undefined ? { contacts: storedContacts(changes.contacts) } : {}),
      ...(changes.allowed_raw_keys !== undefined
        ? { allowedRawKeys: distinctKeys(changes.allowed_raw_keys) }
        : {}),
    };
    await updateOrganization(tx, organization);
    await appendAuditEntries(tx, organization.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'organization.update',
        subjectType: 'organization',
        subjectId: organization.id,
        purpose: null,
        details: { fields: Object.keys(changes).sort() },
      },
    ]);
    return presentOrganization(organization);
  });
}
