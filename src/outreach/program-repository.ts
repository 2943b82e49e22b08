import type { Queryable } from '../platform/database.js';
import type { OutreachProgram } from './case-repository.js';
import type { TeamRole } from './outreach-vocabulary.js';

/** A member of a program's team as stored. */
export interface ProgramMember {
  jurisdictionId: string;
  id: string;
  programId: string;
  userId: string | null;
  displayName: string;
  agency: string;
  teamRole: TeamRole;
  active: boolean;
  createdAt: Date;
}

const memberColumns = `jurisdiction_id as "jurisdictionId", id, program_id as "programId", user_id as "userId",
  display_name as "displayName", agency, team_role as "teamRole", active, created_at as "createdAt"`;

/** The members of these programs, by program then name. */
export function findMembers(
  db: Queryable,
  jurisdictionId: string,
  programIds: readonly string[],
): Promise<ProgramMember[]> {
  if (programIds.length === 0) return Promise.resolve([]);
  return db.query<ProgramMember>(
    `select ${memberColumns} from outreach_program_members
     where jurisdiction_id = $1 and program_id = any($2::uuid[]) order by program_id, display_name, id`,
    [jurisdictionId, [...programIds]],
  );
}

/** One member of one program, or null. */
export async function findMember(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  memberId: string,
): Promise<ProgramMember | null> {
  const [row] = await db.query<ProgramMember>(
    `select ${memberColumns} from outreach_program_members
     where jurisdiction_id = $1 and program_id = $2 and id = $3`,
    [jurisdictionId, programId, memberId],
  );
  return row ?? null;
}

/** Stores a new program. */
export async function insertProgram(db: Queryable, p: OutreachProgram): Promise<void> {
  await db.query(
    `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas,
       response_window_hours, attempt_cap, phone_first, law_enforcement_at_visits, infraction_policy,
       materials_allowed, family_support, retention_days, privacy_contact, created_at, updated_at,
       referral_answer_days)
     values ($1,$2,$3,$4,$5::json,$6,$7,$8,$9,$10,$11::json,$12,$13,$14,$15,$16,$17)`,
    [
      p.jurisdictionId,
      p.id,
      p.name,
      p.organizationId,
      JSON.stringify(p.serviceAreas),
      p.responseWindowHours,
      p.attemptCap,
      p.phoneFirst,
      p.lawEnforcementAtVisits,
      p.infractionPolicy,
      JSON.stringify(p.materialsAllowed),
      p.familySupport,
      p.retentionDays,
      p.privacyContact,
      p.createdAt,
      p.updatedAt,
      p.referralAnswerDays,
    ],
  );
}

/** Writes every editable field of a program (name, areas, policies, privacy contact, updated_at). */
export async function updateProgram(db: Queryable, p: OutreachProgram): Promise<void> {
  await db.query(
    `update outreach_programs set name = $3, service_areas = $4::json, response_window_hours = $5,
       attempt_cap = $6, phone_first = $7, law_enforcement_at_visits = $8, infraction_policy = $9,
       materials_allowed = $10::json, family_support = $11, retention_days = $12, privacy_contact = $13,
       updated_at = $14, referral_answer_days = $15
     where jurisdiction_id = $1 and id = $2`,
    [
      p.jurisdictionId,
      p.id,
      p.name,
      JSON.stringify(p.serviceAreas),
      p.responseWindowHours,
      p.attemptCap,
      p.phoneFirst,
      p.lawEnforcementAtVisits,
      p.infractionPolicy,
      JSON.stringify(p.materialsAllowed),
      p.familySupport,
      p.retentionDays,
      p.privacyContact,
      p.updatedAt,
      p.referralAnswerDays,
    ],
  );
}

/** Stores a new member. */
export async function insertMember(db: Queryable, m: ProgramMember): Promise<void> {
  await db.query(
    `insert into outreach_program_members
       (jurisdiction_id, id, program_id, user_id, display_name, agency, team_role, active, created_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [
      m.jurisdictionId,
      m.id,
      m.programId,
      m.userId,
      m.displayName,
      m.agency,
      m.teamRole,
      m.active,
      m.createdAt,
    ],
  );
}

/** Writes a member's editable fields (active, agency, team role). */
export async function updateMember(db: Queryable, m: ProgramMember): Promise<void> {
  await db.query(
    `update outreach_program_members set active = $4, agency = $5, team_role = $6
     where jurisdiction_id = $1 and program_id = $2 and id = $3`,
    [m.jurisdictionId, m.programId, m.id, m.active, m.agency, m.teamRole],
  );
}

/** The member rows (active or not) that name these users, by program. */
export function findMembersOfUsers(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
): Promise<ProgramMember[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.query<ProgramMember>(
    `select ${memberColumns} from outreach_program_members
     where jurisdiction_id = $1 and user_id = any($2::uuid[]) order by program_id, created_at, id`,
    [jurisdictionId, [...userIds]],
  );
}
