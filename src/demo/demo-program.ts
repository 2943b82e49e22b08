import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../access/roles.js';
import type { TeamRole } from '../outreach/outreach-vocabulary.js';
import { addMember, createProgram, type ProgramDependencies } from '../outreach/program-service.js';

/**
 * The demo's outreach program in Connecticut: a public health lead agency with a peer recovery coach
 * and a harm reduction worker, phone first, and law enforcement never at visits.
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
 * Creates the program and its team through the programs service, as the host (the demo has no
 * administrator yet), each write audited there; returns the program's id.
 */
export async function insertDemoProgram(
  deps: ProgramDependencies,
  target: {
    jurisdiction: Jurisdiction;
    organization: Organization;
    serviceAreas: { layer_id: string; area_id: string }[];
    members: DemoMember[];
  },
): Promise<string> {
  const jurisdictionId = target.jurisdiction.id;
  const program = await createProgram(
    deps,
    demoActor,
    {
      name: DEMO_PROGRAM.name,
      organization_id: target.organization.id,
      service_areas: target.serviceAreas,
      policies: { ...DEMO_PROGRAM.policies, materials_allowed: [...DEMO_PROGRAM.policies.materials_allowed] },
      privacy_contact: DEMO_PROGRAM.privacy_contact,
    },
    jurisdictionId,
  );
  for (const member of target.members) {
    await addMember(
      deps,
      demoActor,
      program.id,
      {
        ...(member.user_id ? { user_id: member.user_id } : {}),
        display_name: member.display_name,
        agency: member.agency,
        team_role: member.team_role,
      },
      jurisdictionId,
    );
  }
  return program.id;
}
