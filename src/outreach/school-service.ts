import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize, authorizeUser } from '../access/authorize.js';
import { actorMay } from '../access/policy.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findSchool, insertSchool, listSchools, type School, updateSchool } from './school-repository.js';

/** What the school services need. */
export type SchoolDependencies = { db: Database; clock: Clock };

/** A school's fields as written (the API's body). */
export interface SchoolInput {
  name: string;
  district?: string | null | undefined;
  contact_name: string;
  contact_email: string;
  active?: boolean | undefined;
}

/**
 * The school directory of the actor's jurisdiction: who manages it, and whoever writes a case's records
 * (a worker names a child's school on the household). Schools are not T3: names and contacts of staff.
 */
export async function readSchools(deps: SchoolDependencies, actor: Actor): Promise<School[]> {
  if (!actorMay(actor, 'school.manage') && !actorMay(actor, 'outreach.write')) {
    authorize(actor, 'school.manage');
  }
  if (actor.kind !== 'user')
    throw new SosError('FORBIDDEN', 'Only signed-in users read the school directory');
  return listSchools(deps.db, actor.jurisdictionId);
}

/** Adds a school (administrators, coordinators), audited. */
export async function createSchool(
  deps: SchoolDependencies,
  actor: Actor,
  input: SchoolInput,
): Promise<School> {
  authorizeUser(actor, 'school.manage');
  const now = deps.clock.now();
  const school: School = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(now.getTime()),
    name: input.name.trim(),
    district: input.district?.trim() || null,
    contactName: input.contact_name.trim(),
    contactEmail: input.contact_email.trim(),
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertSchool(tx, school);
    await recordAuditEntries(tx, school.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'school.create',
        subjectType: 'school',
        subjectId: school.id,
        purpose: 'operations',
        details: {},
      },
    ]);
  });
  return school;
}

/** Changes a school's fields (a new contact, closed: inactive), audited. */
export async function changeSchool(
  deps: SchoolDependencies,
  actor: Actor,
  schoolId: string,
  input: Partial<SchoolInput>,
): Promise<School> {
  authorizeUser(actor, 'school.manage');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const found = await findSchool(tx, actor.jurisdictionId, schoolId);
    if (!found) throw new SosError('NOT_FOUND', `No school ${schoolId}`);
    const school: School = {
      ...found,
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.district !== undefined ? { district: input.district?.trim() || null } : {}),
      ...(input.contact_name !== undefined ? { contactName: input.contact_name.trim() } : {}),
      ...(input.contact_email !== undefined ? { contactEmail: input.contact_email.trim() } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: now,
    };
    await updateSchool(tx, school);
    await recordAuditEntries(tx, school.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'school.update',
        subjectType: 'school',
        subjectId: school.id,
        purpose: 'operations',
        details: { fields: Object.keys(input) },
      },
    ]);
    return school;
  });
}
