import type { Queryable } from '../platform/database.js';

/** A responding unit as stored. */
export interface ResponderUnit {
  id: string;
  organizationId: string;
  code: string;
  name: string;
  supervisorEmail: string;
  active: boolean;
  createdAt: Date;
}

const columns = `u.id::text as id, u.organization_id::text as "organizationId", u.code, u.name,
  u.supervisor_email as "supervisorEmail", u.active, u.created_at as "createdAt"`;

/** The units of a jurisdiction, by organization and code. */
export function listUnits(db: Queryable, jurisdictionId: string): Promise<ResponderUnit[]> {
  return db.query<ResponderUnit>(
    `select ${columns} from responder_units u where u.jurisdiction_id = $1 order by u.organization_id, u.code`,
    [jurisdictionId],
  );
}

/** One unit, or null. */
export async function findUnit(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<ResponderUnit | null> {
  const rows = await db.query<ResponderUnit>(
    `select ${columns} from responder_units u where u.jurisdiction_id = $1 and u.id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** The active units named by (organization, code) pairs; codes match as written (trimmed). */
export function findActiveUnitsByCode(
  db: Queryable,
  jurisdictionId: string,
  pairs: readonly { organizationId: string; unitCode: string }[],
): Promise<ResponderUnit[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  return db.query<ResponderUnit>(
    `select ${columns} from responder_units u
     join unnest($2::uuid[], $3::text[]) as p(organization_id, code)
       on u.organization_id = p.organization_id and u.code = p.code
     where u.jurisdiction_id = $1 and u.active`,
    [jurisdictionId, pairs.map((p) => p.organizationId), pairs.map((p) => p.unitCode.trim())],
  );
}

/** Inserts a unit; false when the organization already has a unit with that code. */
export async function insertUnit(
  db: Queryable,
  jurisdictionId: string,
  unit: ResponderUnit,
): Promise<boolean> {
  const rows = await db.query(
    `insert into responder_units
       (jurisdiction_id, id, organization_id, code, name, supervisor_email, active, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (jurisdiction_id, organization_id, code) do nothing returning id`,
    [
      jurisdictionId,
      unit.id,
      unit.organizationId,
      unit.code,
      unit.name,
      unit.supervisorEmail,
      unit.active,
      unit.createdAt,
    ],
  );
  return rows.length === 1;
}

/** Writes a unit's name, supervisor and active flag. */
export async function updateUnit(db: Queryable, jurisdictionId: string, unit: ResponderUnit): Promise<void> {
  await db.query(
    `update responder_units set name = $3, supervisor_email = $4, active = $5
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, unit.id, unit.name, unit.supervisorEmail, unit.active],
  );
}
