import type { Queryable } from '../platform/database.js';
import type { Visit } from './case-records.js';
import type { TeamRole } from './outreach-vocabulary.js';

const visitColumns = `jurisdiction_id as "jurisdictionId", id, case_id as "caseId", visited_at as "visitedAt",
  location_type as "locationType", present, law_enforcement_present as "lawEnforcementPresent",
  law_enforcement_dress as "lawEnforcementDress", services_offered as "servicesOffered",
  services_accepted as "servicesAccepted", risk_reduction_plan as "riskReductionPlan",
  network_reached as "networkReached", recorded_by as "recordedBy", recorded_at as "recordedAt"`;

/** A member of a program's team, as a visit records who was present. */
export interface TeamMember {
  id: string;
  displayName: string;
  agency: string;
  teamRole: TeamRole;
}

/** The visits of a case, in the order they took place. */
export function listVisits(db: Queryable, jurisdictionId: string, caseId: string): Promise<Visit[]> {
  return db.query<Visit>(
    `select ${visitColumns} from outreach_visits
     where jurisdiction_id = $1 and case_id = $2 order by visited_at, recorded_at, id`,
    [jurisdictionId, caseId],
  );
}

/** One visit by id (on whatever case), or null. */
export async function findVisit(db: Queryable, jurisdictionId: string, id: string): Promise<Visit | null> {
  const rows = await db.query<Visit>(
    `select ${visitColumns} from outreach_visits where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** Which of these members are active members of the program's team. */
export function findActiveTeamMembers(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  memberIds: readonly string[],
): Promise<TeamMember[]> {
  return db.query<TeamMember>(
    `select id, display_name as "displayName", agency, team_role as "teamRole" from outreach_program_members
     where jurisdiction_id = $1 and program_id = $2 and active and id = any($3::uuid[])`,
    [jurisdictionId, programId, memberIds],
  );
}

/** Stores a visit. */
export async function insertVisit(db: Queryable, v: Visit): Promise<void> {
  await db.query(
    `insert into outreach_visits (jurisdiction_id, id, case_id, visited_at, location_type, present,
       law_enforcement_present, law_enforcement_dress, services_offered, services_accepted, risk_reduction_plan,
       network_reached, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6::json, $7, $8, $9::json, $10::json, $11, $12::json, $13, $14)`,
    [
      v.jurisdictionId,
      v.id,
      v.caseId,
      v.visitedAt,
      v.locationType,
      JSON.stringify(v.present),
      v.lawEnforcementPresent,
      v.lawEnforcementDress,
      JSON.stringify(v.servicesOffered),
      JSON.stringify(v.servicesAccepted),
      v.riskReductionPlan,
      JSON.stringify(v.networkReached),
      v.recordedBy,
      v.recordedAt,
    ],
  );
}
