import type { Queryable } from '../platform/database.js';

/** A member of a survivor's household; a child's name and birth date are sealed in the vault (personId). */
export interface HouseholdMember {
  jurisdictionId: string;
  id: string;
  caseId: string;
  relation: string;
  ageYears: number | null;
  caregiver: string | null;
  personId: string | null;
  schoolId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** A member as listed: with the name of the child's school. */
export interface ListedHouseholdMember extends HouseholdMember {
  schoolName: string | null;
}

const COLUMNS = `m.jurisdiction_id as "jurisdictionId", m.id, m.case_id as "caseId", m.relation,
  m.age_years as "ageYears", m.caregiver, m.person_id as "personId", m.school_id as "schoolId",
  m.recorded_by as "recordedBy", m.recorded_at as "recordedAt", s.name as "schoolName"`;
const FROM = `outreach_household_members m
  left join schools s on s.jurisdiction_id = m.jurisdiction_id and s.id = m.school_id`;

/** Stores a household member. */
export async function insertHouseholdMember(tx: Queryable, m: HouseholdMember): Promise<void> {
  await tx.query(
    `insert into outreach_household_members (jurisdiction_id, id, case_id, relation, age_years, caregiver,
       person_id, school_id, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      m.jurisdictionId,
      m.id,
      m.caseId,
      m.relation,
      m.ageYears,
      m.caregiver,
      m.personId,
      m.schoolId,
      m.recordedBy,
      m.recordedAt,
    ],
  );
}

/** The household of a case, in the order recorded. */
export async function listHouseholdMembers(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
): Promise<ListedHouseholdMember[]> {
  return db.query<ListedHouseholdMember>(
    `select ${COLUMNS} from ${FROM} where m.jurisdiction_id = $1 and m.case_id = $2 order by m.recorded_at, m.id`,
    [jurisdictionId, caseId],
  );
}

/** One household member, or null. */
export async function findHouseholdMember(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<ListedHouseholdMember | null> {
  const rows = await db.query<ListedHouseholdMember>(
    `select ${COLUMNS} from ${FROM} where m.jurisdiction_id = $1 and m.id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}
