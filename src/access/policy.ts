import { type Actor, type Role, roles, type Tier } from './roles.js';

/** Everything a service may be asked to do; each maps to the roles that may do it. */
export const actions = [
  'report.submit',
  'report.import',
  'report.read_own',
  'overdose.read_line_level',
  'overdose.export',
  'aggregate.read_partner',
  'aggregate.read_public',
  'alert.read',
  'alert.manage',
  'alert.backtest',
  'alert.respond',
  'report_schedule.manage',
  'report_recipient_domain.manage',
  'report_archive.read_internal',
  'report_archive.read_partner',
  'report_archive.read_public',
  'report_archive.list',
  'person.read',
  'outreach.read',
  'outreach.write',
  'layer.manage',
  'layer.read_outlines',
  'jurisdiction.manage',
  'organization.manage',
  'user.manage',
  'api_key.manage',
  'sharing_agreement.manage',
  'audit.read',
  'audit.verify',
] as const;

/** An action a service method checks before anything else. */
export type Action = (typeof actions)[number];

/** The highest data tier each role may see (T0 is open to everyone, with no login). */
export const roleTier: Record<Role, Tier> = {
  administrator: 'T0',
  analyst: 'T2',
  outreach_coordinator: 'T3',
  outreach_worker: 'T3',
  public_safety_analyst: 'T1',
  harm_reduction_partner: 'T1',
  submitter: 'T0',
};

// The grants, as data. Administrators run configuration and audit but see no case content by default;
// nothing identifiable (person, outreach) is ever granted to a public safety role.
const grants: Record<Action, readonly Role[]> = {
  'report.submit': ['submitter', 'analyst'],
  'report.import': ['submitter', 'analyst', 'administrator'],
  'report.read_own': ['submitter', 'analyst'],
  'overdose.read_line_level': ['analyst'],
  'overdose.export': ['analyst'],
  'aggregate.read_partner': ['analyst', 'public_safety_analyst', 'harm_reduction_partner'],
  'aggregate.read_public': roles,
  'alert.read': ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'outreach_coordinator'],
  'alert.manage': ['analyst', 'administrator'],
  // A backtest replays hour-level counts of any scope (one town, a minimum of 1): an analyst-tier
  // (T2) read, so administrators, who manage rules but see no case content, may not run one.
  'alert.backtest': ['analyst'],
  // Whoever reads alerts may move them through their lifecycle and log what was done about them.
  'alert.respond': ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'outreach_coordinator'],
  // Whoever manages schedules chooses who receives them; reading archived reports follows the tier of
  // their audience: internal (T2) analysts, partner (T1) the partner roles, public (T0) anyone.
  'report_schedule.manage': ['analyst', 'administrator'],
  // Internal (T2) reports go only to the jurisdiction's analysts or to domains that an analyst, who may
  // read T2, has allowlisted: an administrator could otherwise widen who receives analyst-tier data.
  'report_recipient_domain.manage': ['analyst'],
  'report_archive.read_internal': ['analyst'],
  'report_archive.read_partner': ['analyst', 'public_safety_analyst', 'harm_reduction_partner'],
  'report_archive.read_public': roles,
  // Who manages the archive lists every entry of their jurisdiction (week, audience, schedule, size,
  // recipients, delivery status); opening one still follows its audience's tier above, so an
  // administrator lists internal reports but reads no case content.
  'report_archive.list': ['analyst', 'administrator'],
  'person.read': ['outreach_coordinator', 'outreach_worker'],
  'outreach.read': ['outreach_coordinator', 'outreach_worker'],
  'outreach.write': ['outreach_coordinator', 'outreach_worker'],
  'layer.manage': ['analyst', 'administrator'],
  // Area outlines are public geography: submitters see them on the field form's map, without counts.
  'layer.read_outlines': ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'submitter'],
  'jurisdiction.manage': ['administrator'],
  'organization.manage': ['administrator'],
  'user.manage': ['administrator'],
  'api_key.manage': ['administrator'],
  'sharing_agreement.manage': ['administrator'],
  'audit.read': ['administrator'],
  'audit.verify': ['administrator'],
};

/** What anyone may do without signing in: T0 aggregates and public reports. */
export const publicActions: readonly Action[] = ['aggregate.read_public', 'report_archive.read_public'];

/** Whether a role may perform an action (pure; the table test covers every pair). */
export function roleMay(role: Role, action: Action): boolean {
  return grants[action].includes(role);
}

/** Whether an actor may perform an action at all (scope checks such as "own organization" come after). */
export function actorMay(actor: Actor, action: Action): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'public':
      return publicActions.includes(action);
    case 'api_key':
      // A key never reads less than anyone without one.
      return (
        publicActions.includes(action) || (action === 'report.submit' && actor.scopes.includes('submit'))
      );
    case 'user':
      return roleMay(actor.role, action);
  }
}

/** The highest tier an actor may see. */
export function actorTier(actor: Actor): Tier {
  if (actor.kind === 'system') return 'T3';
  if (actor.kind === 'user') return roleTier[actor.role];
  return 'T0';
}
