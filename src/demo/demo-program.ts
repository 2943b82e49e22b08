import { recordAuditEntries } from '../access/audit/audit-log.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { TeamRole } from '../outreach/outreach-vocabulary.js';
import type { Database } from '../platform/database.js';
import { newId } from '../platform/ids.js';

/**
 * The demo's outreach program in Connecticut: a public health lead agency with a peer recovery coach
 * and a harm reduction worker, phone first, and law enforcement never at visits.
 *
 * Until the programs service (issue 14, package queue) is on main, the program is written here; at
 * merge this file's `insertDemoProgram` gives way to that service's create and member calls
 * (test/architecture/known-violations.ts lists the SQL below until then).
 */

/** Who writes the demo's outreach records in the audit trail. */
export const demoActor: Actor = { kind: 'system', label: 'demo' };

/** The towns (areas of the demo's towns layer) the program serves: the three with most overdoses. */
export const DEMO_PROGRAM_TOWNS = ['Hartford', 'New Haven', 'Waterbury'] as const;

/** The lead agency that owns the program, an organization of the Connecticut demo. */
export const DEMO_PROGRAM_ORGANIZATION = {
  name: 'Public Health Outreach Office (demo)',
  type: 'public_health',
} as const;

/** The program's name and policies, in the API's words (api.md, `Program.policies`). */
export const DEMO_PROGRAM = {
  name: 'Connecticut Post-Overdose Outreach (demo)',
  policies: {
    response_window_hours: 72,
    attempt_cap: 5,
    phone_first: true,
    law_enforcement_at_visits: 'never',
    infraction_policy:
      'Team members never report to law enforcement what they see during a visit (drug use or ' +
      'possession included); they act on safety only, as in any medical emergency.',
    materials_allowed: ['naloxone', 'fentanyl_test_strips', 'contact_card'],
    family_support: false,
    retention_days: 730,
  },
  privacy_contact: 'privacy@demo.sos.local',
} as const;

/** The members without a login: they are on visits, and the team composition counts them. */
export const DEMO_PARTNER_MEMBERS = [
  {
    display_name: 'Demo peer recovery coach',
    agency: 'Recovery Community Center (demo)',
    team_role: 'peer_recovery_coach',
  },
  {
    display_name: 'Demo harm reduction worker',
    agency: 'Harm Reduction Collective (demo)',
    team_role: 'harm_reduction_worker',
  },
] as const;

/** A member of the program to be, in the API's words. */
export interface DemoMember {
  user_id: string | null;
  display_name: string;
  agency: string;
  team_role: TeamRole;
}

/**
 * Writes the program with its members in one transaction, with an audit entry naming the demo as the
 * actor, and returns the program's id.
 */
export async function insertDemoProgram(
  db: Database,
  now: Date,
  target: {
    jurisdiction: Jurisdiction;
    organization: Organization;
    serviceAreas: { layer_id: string; area_id: string }[];
    members: DemoMember[];
  },
): Promise<string> {
  const id = newId();
  const jurisdictionId = target.jurisdiction.id;
  const p = DEMO_PROGRAM.policies;
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas,
         response_window_hours, attempt_cap, phone_first, law_enforcement_at_visits, infraction_policy,
         materials_allowed, family_support, retention_days, privacy_contact, created_at, updated_at)
       values ($1, $2, $3, $4, $5::json, $6, $7, $8, $9, $10, $11::json, $12, $13, $14, $15, $15)`,
      [
        jurisdictionId,
        id,
        DEMO_PROGRAM.name,
        target.organization.id,
        JSON.stringify(target.serviceAreas),
        p.response_window_hours,
        p.attempt_cap,
        p.phone_first,
        p.law_enforcement_at_visits,
        p.infraction_policy,
        JSON.stringify(p.materials_allowed),
        p.family_support,
        p.retention_days,
        DEMO_PROGRAM.privacy_contact,
        now,
      ],
    );
    for (const member of target.members) {
      await tx.query(
        `insert into outreach_program_members (jurisdiction_id, id, program_id, user_id, display_name,
           agency, team_role, active, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, true, $8)`,
        [
          jurisdictionId,
          newId(),
          id,
          member.user_id,
          member.display_name,
          member.agency,
          member.team_role,
          now,
        ],
      );
    }
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(demoActor),
        action: 'outreach_program.create',
        subjectType: 'outreach_program',
        subjectId: id,
        purpose: null,
        details: { name: DEMO_PROGRAM.name, members: target.members.length },
      },
    ]);
  });
  return id;
}
