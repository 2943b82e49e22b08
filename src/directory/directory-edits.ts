import { randomUUID } from 'node:crypto';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { findJurisdiction, listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import type { Resource } from '../access/resource.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { loadCatalog } from './directory-catalog.js';
import {
  findDirectoryRow,
  listServiceDetails,
  nextPosition,
  type ServiceDetails,
  upsertDirectoryRow,
  upsertServiceDetails,
} from './directory-repository.js';
import { type DirectoryService, presentDirectoryService } from './directory-service-presenter.js';
import type { CapacityStatus } from './directory-vocabulary.js';
import { rowProblems } from './hsds-row-validation.js';
import { type HsdsTable, hsdsTables } from './hsds-tables.js';

/** What the directory's edit services need. */
export interface DirectoryDependencies {
  db: Database;
  clock: Clock;
}

/** The outreach fields an edit may set (contract names). */
export interface ServiceDetailsChange {
  needs?: string[];
  moud?: string[];
  same_day_intake?: boolean;
  walk_in_hours?: string | null;
  insurance?: string[];
  cost?: string | null;
  part2_program?: boolean;
  provider_organization_id?: string | null;
}

/** PATCH body: HSDS fields of the service and outreach fields. */
export interface ServiceChange extends ServiceDetailsChange {
  name?: string;
  description?: string | null;
}

/** A street address of a new service's location (the HSDS address fields it requires). */
export interface NewAddress {
  address_1: string;
  address_2?: string | undefined;
  city: string;
  state_province: string;
  postal_code: string;
  country?: string | undefined;
}

/** POST body: a new service, its organization (named or new), and optionally one location and phone. */
export interface NewService extends ServiceDetailsChange {
  name: string;
  organization_id?: string | undefined;
  organization_name?: string | undefined;
  description?: string | undefined;
  address?: NewAddress | undefined;
  latitude?: number | undefined;
  longitude?: number | undefined;
  phone?: string | undefined;
}

const table = (name: string) => hsdsTables.find((t) => t.name === name) as HsdsTable;
const serviceResource = (jurisdictionId: string, id: string, organizationId?: string | null): Resource => ({
  type: 'directory_service',
  id,
  jurisdictionId,
  ...(organizationId ? { organizationId } : {}),
});

/** The jurisdiction the actor acts in (the public is refused by the policy before this is asked). */
function jurisdictionOf(actor: Actor): string {
  if (actor.kind === 'user' || actor.kind === 'api_key') return actor.jurisdictionId;
  throw new SosError('FORBIDDEN', 'Directory edits are made by signed-in users of a jurisdiction');
}

const notFound = (id: string) => new SosError('NOT_FOUND', `No service ${id} in the directory`);

/** One service as answered, read back from the whole catalog. */
async function presented(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  now: Date,
): Promise<DirectoryService> {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  const service = (await loadCatalog(db, jurisdictionId)).find((s) => s.id === id);
  if (!service || !jurisdiction) throw notFound(id);
  return presentDirectoryService(service, { now, timeZone: jurisdiction.timeZone });
}

/** Throws VALIDATION_FAILED naming the field when an HSDS row breaks the schema. */
function requireValid(hsds: HsdsTable, fields: Record<string, string>): void {
  const [first] = rowProblems(hsds, fields, 1);
  if (first) {
    throw new SosError('VALIDATION_FAILED', `${hsds.path}: ${first.field ?? '(row)'} ${first.message}`, {
      field: first.field,
    });
  }
}

/** The details with a change applied (a service without details starts from none recorded). */
async function changedDetails(
  tx: Queryable,
  jurisdictionId: string,
  serviceId: string,
  change: ServiceDetailsChange,
  now: Date,
): Promise<ServiceDetails> {
  const [before] = await listServiceDetails(tx, jurisdictionId, [serviceId]);
  if (change.provider_organization_id) {
    const organizations = await listOrganizations(tx, jurisdictionId);
    if (!organizations.some((o) => o.id === change.provider_organization_id)) {
      throw new SosError(
        'VALIDATION_FAILED',
        `${change.provider_organization_id} is not an organization of the jurisdiction`,
        { field: 'provider_organization_id' },
      );
    }
  }
  const base: ServiceDetails = before ?? {
    jurisdictionId,
    serviceId,
    providerOrganizationId: null,
    needs: [],
    moud: [],
    sameDayIntake: false,
    walkInHours: null,
    capacityStatus: 'unknown',
    waitlistDays: null,
    capacityUpdatedAt: null,
    capacityUpdatedBy: null,
    insurance: [],
    cost: null,
    part2Program: false,
    updatedAt: now,
  };
  return {
    ...base,
    ...(change.needs !== undefined ? { needs: change.needs } : {}),
    ...(change.moud !== undefined ? { moud: change.moud } : {}),
    ...(change.same_day_intake !== undefined ? { sameDayIntake: change.same_day_intake } : {}),
    ...(change.walk_in_hours !== undefined ? { walkInHours: change.walk_in_hours } : {}),
    ...(change.insurance !== undefined ? { insurance: change.insurance } : {}),
    ...(change.cost !== undefined ? { cost: change.cost } : {}),
    ...(change.part2_program !== undefined ? { part2Program: change.part2_program } : {}),
    ...(change.provider_organization_id !== undefined
      ? { providerOrganizationId: change.provider_organization_id }
      : {}),
    updatedAt: now,
  };
}

const DETAIL_KEYS = [
  'needs',
  'moud',
  'same_day_intake',
  'walk_in_hours',
  'insurance',
  'cost',
  'part2_program',
  'provider_organization_id',
] as const;

/** One service of the directory (directory.read). */
export async function readDirectoryService(
  deps: DirectoryDependencies,
  actor: Actor,
  serviceId: string,
): Promise<DirectoryService> {
  authorize(actor, 'directory.read');
  const jurisdictionId = jurisdictionOf(actor);
  authorize(actor, 'directory.read', serviceResource(jurisdictionId, serviceId));
  return presented(deps.db, jurisdictionId, serviceId, deps.clock.now());
}

/** Changes a service's HSDS name or description and its outreach fields (directory.manage); audited. */
export async function changeDirectoryService(
  deps: DirectoryDependencies,
  actor: Actor,
  serviceId: string,
  change: ServiceChange,
): Promise<DirectoryService> {
  authorize(actor, 'directory.manage');
  const jurisdictionId = jurisdictionOf(actor);
  authorize(actor, 'directory.manage', serviceResource(jurisdictionId, serviceId));
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await findDirectoryRow(tx, jurisdictionId, 'services', serviceId);
    if (!row) throw notFound(serviceId);
    const fields = { ...row.fields };
    if (change.name !== undefined) fields.name = change.name;
    if (change.description !== undefined) fields.description = change.description ?? '';
    requireValid(table('services'), fields);
    await upsertDirectoryRow(tx, jurisdictionId, { ...row, fields }, now);
    const changedDetailKeys = DETAIL_KEYS.filter((key) => change[key] !== undefined);
    if (changedDetailKeys.length > 0) {
      await upsertServiceDetails(tx, await changedDetails(tx, jurisdictionId, serviceId, change, now));
    }
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'directory.service_change',
        subjectType: 'directory_service',
        subjectId: serviceId,
        purpose: null,
        details: { fields: Object.keys(change).sort() },
      },
    ]);
    return presented(tx, jurisdictionId, serviceId, now);
  });
}

/** Adds a service (with a new HSDS organization when named, a location and a phone when given); audited. */
export async function createDirectoryService(
  deps: DirectoryDependencies,
  actor: Actor,
  input: NewService,
): Promise<DirectoryService> {
  authorize(actor, 'directory.manage');
  const jurisdictionId = jurisdictionOf(actor);
  const serviceId = randomUUID();
  authorize(actor, 'directory.manage', serviceResource(jurisdictionId, serviceId));
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const add = async (tableName: string, fields: Record<string, string>) => {
      requireValid(table(tableName), fields);
      const position = await nextPosition(tx, jurisdictionId, tableName);
      await upsertDirectoryRow(
        tx,
        jurisdictionId,
        { hsdsTable: tableName, id: fields.id as string, position, fields },
        now,
      );
    };
    let organizationId = input.organization_id;
    if (organizationId) {
      if (!(await findDirectoryRow(tx, jurisdictionId, 'organizations', organizationId))) {
        throw new SosError('VALIDATION_FAILED', `No organization ${organizationId} in the directory`, {
          field: 'organization_id',
        });
      }
    } else {
      organizationId = randomUUID();
      const name = input.organization_name ?? '';
      // HSDS requires an organization's description; the name is all a new one has.
      await add('organizations', { id: organizationId, name, description: name });
    }
    await add('services', {
      id: serviceId,
      organization_id: organizationId,
      name: input.name,
      description: input.description ?? '',
      status: 'active',
    });
    const placed = input.address !== undefined || input.latitude !== undefined;
    if (placed) {
      const locationId = randomUUID();
      await add('locations', {
        id: locationId,
        location_type: 'physical',
        organization_id: organizationId,
        name: input.name,
        latitude: input.latitude === undefined ? '' : String(input.latitude),
        longitude: input.longitude === undefined ? '' : String(input.longitude),
      });
      await add('service_at_location', { id: randomUUID(), service_id: serviceId, location_id: locationId });
      if (input.address) {
        await add('addresses', {
          id: randomUUID(),
          location_id: locationId,
          address_1: input.address.address_1,
          address_2: input.address.address_2 ?? '',
          city: input.address.city,
          state_province: input.address.state_province,
          postal_code: input.address.postal_code,
          country: input.address.country ?? 'US',
          address_type: 'physical',
        });
      }
    }
    if (input.phone) await add('phones', { id: randomUUID(), service_id: serviceId, number: input.phone });
    await upsertServiceDetails(tx, await changedDetails(tx, jurisdictionId, serviceId, input, now));
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'directory.service_create',
        subjectType: 'directory_service',
        subjectId: serviceId,
        purpose: null,
        details: { organization_id: organizationId, located: placed },
      },
    ]);
    return presented(tx, jurisdictionId, serviceId, now);
  });
}

/**
 * Sets a service's capacity today (directory.update_capacity: curators, or the users and API keys of
 * the provider organization that answers its referrals); audited.
 */
export async function updateCapacity(
  deps: DirectoryDependencies,
  actor: Actor,
  serviceId: string,
  capacity: { status: CapacityStatus; waitlist_days?: number | null | undefined },
): Promise<DirectoryService> {
  authorize(actor, 'directory.update_capacity');
  const jurisdictionId = jurisdictionOf(actor);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (!(await findDirectoryRow(tx, jurisdictionId, 'services', serviceId))) throw notFound(serviceId);
    const details = await changedDetails(tx, jurisdictionId, serviceId, {}, now);
    authorize(
      actor,
      'directory.update_capacity',
      serviceResource(jurisdictionId, serviceId, details.providerOrganizationId),
    );
    const by = auditActor(actor);
    await upsertServiceDetails(tx, {
      ...details,
      capacityStatus: capacity.status,
      waitlistDays: capacity.status === 'waitlist' ? (capacity.waitlist_days ?? null) : null,
      capacityUpdatedAt: now,
      capacityUpdatedBy: `${by.actorType}:${by.actorId}`,
    });
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...by,
        action: 'directory.capacity_update',
        subjectType: 'directory_service',
        subjectId: serviceId,
        purpose: null,
        details: { status: capacity.status, waitlist_days: capacity.waitlist_days ?? null },
      },
    ]);
    return presented(tx, jurisdictionId, serviceId, now);
  });
}
