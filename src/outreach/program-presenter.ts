import { z } from 'zod';
import type { OutreachProgram } from './case-repository.js';
import { lawEnforcementPolicies, materials, teamRoles } from './outreach-vocabulary.js';
import type { ProgramMember } from './program-repository.js';

/** A program's policies as the API answers and accepts them. */
export const programPoliciesSchema = z.object({
  response_window_hours: z.number().int(),
  attempt_cap: z.number().int(),
  phone_first: z.boolean(),
  law_enforcement_at_visits: z.enum(lawEnforcementPolicies),
  infraction_policy: z.string(),
  materials_allowed: z.array(z.enum(materials)),
  family_support: z.boolean(),
  retention_days: z.number().int(),
  referral_answer_days: z.number().int(),
});

/** A team member as the API answers it. */
export const presentedMemberSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid().nullable(),
  display_name: z.string(),
  agency: z.string(),
  team_role: z.enum(teamRoles),
  active: z.boolean(),
});

/** A program as the API answers it: configuration and team, no case content. */
export const presentedProgramSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  organization_id: z.uuid(),
  service_areas: z.array(z.object({ layer_id: z.string(), area_id: z.string() })),
  policies: programPoliciesSchema,
  privacy_contact: z.string().nullable(),
  members: z.array(presentedMemberSchema),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A presented program. */
export type PresentedProgram = z.infer<typeof presentedProgramSchema>;

/** The policies of a program, as the API names them. */
export function presentPolicies(p: OutreachProgram): z.infer<typeof programPoliciesSchema> {
  return {
    response_window_hours: p.responseWindowHours,
    attempt_cap: p.attemptCap,
    phone_first: p.phoneFirst,
    law_enforcement_at_visits: p.lawEnforcementAtVisits,
    infraction_policy: p.infractionPolicy,
    materials_allowed: p.materialsAllowed,
    family_support: p.familySupport,
    retention_days: p.retentionDays,
    referral_answer_days: p.referralAnswerDays,
  };
}

/** Presents a team member (fields allowlisted). */
export function presentMember(m: ProgramMember): z.infer<typeof presentedMemberSchema> {
  return {
    id: m.id,
    user_id: m.userId,
    display_name: m.displayName,
    agency: m.agency,
    team_role: m.teamRole,
    active: m.active,
  };
}

/** Presents a program with its members (fields allowlisted). */
export function presentProgram(p: OutreachProgram, members: readonly ProgramMember[]): PresentedProgram {
  return {
    id: p.id,
    name: p.name,
    organization_id: p.organizationId,
    service_areas: p.serviceAreas.map((a) => ({ layer_id: a.layer_id, area_id: a.area_id })),
    policies: presentPolicies(p),
    privacy_contact: p.privacyContact,
    members: members.map(presentMember),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
