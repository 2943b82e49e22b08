import type { Queryable } from '../platform/database.js';

/** A school and its designated Handle with Care contact. */
export interface School {
  jurisdictionId: string;
  id: string;
  name: string;
  district: string | null;
  contactName: string;
  contactEmail: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, name, district, contact_name as "contactName",
  contact_email as "contactEmail", active, created_at as "createdAt", updated_at as "updatedAt"`;

/** Stores a new school. */
export async function insertSchool(tx: Queryable, school: School): Promise<void> {
  await tx.query(
    `insert into schools (jurisdiction_id, id, name, district, contact_name, contact_email, active, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      school.jurisdictionId,
      school.id,
      school.name,
      school.district,
      school.contactName,
      school.contactEmail,
      school.active,
      school.createdAt,
      school.updatedAt,
    ],
  );
}

/** Writes a school's fields back (all but its ids and creation). */
export async function updateSchool(tx: Queryable, school: School): Promise<void> {
  await tx.query(
    `update schools set name = $3, district = $4, contact_name = $5, contact_email = $6, active = $7, updated_at = $8
     where jurisdiction_id = $1 and id = $2`,
    [
      school.jurisdictionId,
      school.id,
      school.name,
      school.district,
      school.contactName,
      school.contactEmail,
      school.active,
      school.updatedAt,
    ],
  );
}

/** The schools of a jurisdiction by name. */
export async function listSchools(db: Queryable, jurisdictionId: string): Promise<School[]> {
  return db.query<School>(`select ${COLUMNS} from schools where jurisdiction_id = $1 order by name, id`, [
    jurisdictionId,
  ]);
}

/** One school, or null. */
export async function findSchool(db: Queryable, jurisdictionId: string, id: string): Promise<School | null> {
  const rows = await db.query<School>(
    `select ${COLUMNS} from schools where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}
