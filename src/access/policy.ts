import type { Purpose } from './purpose.js';
import { type Actor, type Role, roles, type Tier } from './roles.js';

/** Everything a service may be asked to do; the policy's rules say who may do each. */
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
  'linkage.review',
  'outreach.read',
  'outreach.write',
  'outreach.assign',
  'outreach.override_cap',
  'outreach.read_metrics',
  'outreach_program.manage',
  'outreach.transfer',
  'outreach.disclose',
  'directory.read',
  'directory.manage',
  'directory.update_capacity',
  'referral.receive',
  'coercive_act.record',
  'coercive_act.read',
  'school.manage',
  'responder_unit.manage',
  'responder_wellbeing.read',
  'sharing_agreement.read_public',
  'layer.manage',
  'layer.read_outlines',
  'jurisdiction.manage',
  'organization.manage',
  'user.manage',
  'api_key.manage',
  'sharing_agreement.manage',
  'audit.read',
  'audit.verify',
  'account.manage_own',
  'brief.read',
  'announcement.manage',
  'community_alert.subscribe',
  'community_alert.draft',
  'community_alert.approve',
  'drug_check.submit',
  'drug_check.read',
  'naloxone.record',
  'naloxone.read',
  'naloxone.manage',
  'fatality_review.manage',
  'fatality_review.read',
  'fatality_review.read_summary',
  'interop.export',
  'interop.manage',
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
  // A provider reads the referrals sent to its organization: identifiers shared under the survivor's consent.
  service_provider: 'T3',
  // Oversight reads the coercive-acts register of its programs, which names people and acts.
  outreach_oversight: 'T3',
};

/**
 * The highest tier of data each action reads, or lets its actor grant to others (managing users, keys
 * and agreements hands out T2 and T3 access). Where the jurisdiction requires a second factor, a user
 * who has not given one may do only the actions at T0 and T1.
 */
export const actionTier: Record<Action, Tier> = {
  'report.submit': 'T0',
  'report.import': 'T0',
  'report.read_own': 'T2',
  'overdose.read_line_level': 'T2',
  'overdose.export': 'T2',
  'aggregate.read_partner': 'T1',
  'aggregate.read_public': 'T0',
  'alert.read': 'T1',
  'alert.manage': 'T1',
  'alert.backtest': 'T2',
  'alert.respond': 'T1',
  'report_schedule.manage': 'T1',
  'report_recipient_domain.manage': 'T2',
  'report_archive.read_internal': 'T2',
  'report_archive.read_partner': 'T1',
  'report_archive.read_public': 'T0',
  'report_archive.list': 'T1',
  'person.read': 'T3',
  'linkage.review': 'T2',
  'outreach.read': 'T3',
  'outreach.write': 'T3',
  'outreach.assign': 'T3',
  'outreach.override_cap': 'T3',
  'outreach.read_metrics': 'T1',
  'outreach_program.manage': 'T3',
  'outreach.transfer': 'T3',
  'outreach.disclose': 'T3',
  'directory.read': 'T0',
  'directory.manage': 'T0',
  'directory.update_capacity': 'T0',
  'referral.receive': 'T3',
  'coercive_act.record': 'T3',
  'coercive_act.read': 'T3',
  'school.manage': 'T1',
  'responder_unit.manage': 'T0',
  'responder_wellbeing.read': 'T1',
  'sharing_agreement.read_public': 'T0',
  'layer.manage': 'T0',
  'layer.read_outlines': 'T0',
  'jurisdiction.manage': 'T2',
  'organization.manage': 'T2',
  'user.manage': 'T2',
  'api_key.manage': 'T2',
  'sharing_agreement.manage': 'T2',
  'audit.read': 'T2',
  'audit.verify': 'T1',
  'account.manage_own': 'T0',
  // Briefs and announcements carry area aggregates suppressed for their audience, never a line.
  'brief.read': 'T1',
  'announcement.manage': 'T1',
  'community_alert.subscribe': 'T0',
  'community_alert.draft': 'T1',
  'community_alert.approve': 'T1',
  // Drug-checking results and naloxone kits are kept by area and week: no person, no point.
  'drug_check.submit': 'T0',
  'drug_check.read': 'T1',
  'naloxone.record': 'T0',
  'naloxone.read': 'T1',
  'naloxone.manage': 'T0',
  // Opening a review reads the fatal overdose line-level; a member reads the decedent's linked
  // records, identifiers and outreach contacts included; the annual summary is suppressed for the public.
  'fatality_review.manage': 'T2',
  'fatality_review.read': 'T3',
  'fatality_review.read_summary': 'T0',
  // The ODMAP export and push connectors send line-level overdoses with points.
  'interop.export': 'T2',
  'interop.manage': 'T2',
};

/** Whether the actor lacks a second factor its jurisdiction requires before this action. */
export function awaitsSecondFactor(actor: Actor, action: Action): boolean {
  return (
    actor.kind === 'user' &&
    actor.mfaMissing === true &&
    (actionTier[action] === 'T2' || actionTier[action] === 'T3')
  );
}

/**
 * A test of the record against the actor: the record is in the actor's jurisdiction; is its
 * organization's (an actor tied to no organization acts for any in the jurisdiction); is assigned to
 * the user; belongs to one of the user's programs; is a fatality review whose members include the user
 * with a signed confidentiality agreement.
 */
export type Condition =
  | 'same_jurisdiction'
  | 'own_organization'
  | 'assigned_to_actor'
  | 'program_member'
  | 'review_member';

/** Who a rule is for: a role, anyone (the public, API keys and every user), an API key scope, or the host. */
export type Principal = Role | 'anyone' | 'api_key:submit' | 'api_key:referrals' | 'system';

/** One rule of the policy: these principals may do these actions to a record that meets every condition. */
export interface PolicyRule {
  actions: readonly Action[];
  principals: readonly Principal[];
  conditions: readonly Condition[];
  /** `break_the_glass`: allowed only with a stated reason, for a limited time, audited. */
  effect: 'allow' | 'break_the_glass';
  /** The purposes of use the rule is for (unset: any); an allow rule also serves an emergency read. */
  purposes?: readonly Purpose[];
  /** How long a broken glass lasts (break-the-glass rules only). */
  glassMinutes?: number;
}

const inJurisdiction: readonly Condition[] = ['same_jurisdiction'];
const allow = (actions: readonly Action[], principals: readonly Principal[], conditions = inJurisdiction) =>
  ({ actions, principals, conditions, effect: 'allow' }) satisfies PolicyRule;

/**
 * The policy, as data. The first rules are the role x action grants of before, each held to the
 * record's jurisdiction. Administrators run configuration and audit but see no case content by
 * default; nothing identifiable (person, outreach) is ever granted to a public safety role.
 */
export const policyRules: readonly PolicyRule[] = [
  // The host's command line already holds the database.
  allow(actions, ['system'], []),
  // T0: anyone, signed in or not, in any jurisdiction.
  allow(['aggregate.read_public', 'report_archive.read_public'], ['anyone'], []),
  // Intake: a submitter (or an API key with the submit scope) acts for its own organization only.
  allow(['report.submit'], ['submitter', 'analyst', 'api_key:submit'], ['own_organization']),
  allow(['report.import'], ['submitter', 'analyst', 'administrator'], ['own_organization']),
  allow(['report.read_own'], ['submitter', 'analyst'], ['own_organization']),
  allow(['overdose.read_line_level', 'overdose.export'], ['analyst']),
  allow(['aggregate.read_partner'], ['analyst', 'public_safety_analyst', 'harm_reduction_partner']),
  // Whoever reads alerts may move them through their lifecycle and log what was done about them.
  allow(
    ['alert.read', 'alert.respond'],
    ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'outreach_coordinator'],
  ),
  allow(['alert.manage'], ['analyst', 'administrator']),
  // A backtest replays hour-level counts of any scope (one town, a minimum of 1): an analyst-tier
  // (T2) read, so administrators, who manage rules but see no case content, may not run one.
  allow(['alert.backtest'], ['analyst']),
  // Whoever manages schedules chooses who receives them; reading archived reports follows the tier of
  // their audience: internal (T2) analysts, partner (T1) the partner roles, public (T0) anyone.
  allow(['report_schedule.manage'], ['analyst', 'administrator']),
  // Internal (T2) reports go only to the jurisdiction's analysts or to domains that an analyst, who may
  // read T2, has allowlisted: an administrator could otherwise widen who receives analyst-tier data.
  allow(['report_recipient_domain.manage', 'report_archive.read_internal'], ['analyst']),
  allow(['report_archive.read_partner'], ['analyst', 'public_safety_analyst', 'harm_reduction_partner']),
  // Who manages the archive lists every entry of their jurisdiction (week, audience, schedule, size,
  // recipients, delivery status); opening one still follows its audience's tier above, so an
  // administrator lists internal reports but reads no case content.
  allow(['report_archive.list'], ['analyst', 'administrator']),
  // Deciding whether two reports are one overdose reads both line-level (T2): analysts.
  allow(['linkage.review'], ['analyst']),
  // T3: a coordinator reads and writes her programs' records, a worker the records assigned to her.
  {
    ...allow(['person.read', 'outreach.read', 'outreach.write'], ['outreach_coordinator']),
    conditions: ['same_jurisdiction', 'program_member'],
    purposes: ['treatment', 'operations', 'audit'],
  },
  {
    ...allow(['person.read', 'outreach.read', 'outreach.write'], ['outreach_worker']),
    conditions: ['same_jurisdiction', 'assigned_to_actor'],
    purposes: ['treatment', 'operations', 'audit'],
  },
  // A coordinator assigns her programs' cases and may let an attempt past the cap, saying why.
  {
    ...allow(['outreach.assign', 'outreach.override_cap'], ['outreach_coordinator']),
    conditions: ['same_jurisdiction', 'program_member'],
    purposes: ['treatment', 'operations'],
  },
  // Programs (area, members, policies) are configuration: administrators, and the program's coordinators.
  allow(['outreach_program.manage'], ['administrator']),
  {
    ...allow(['outreach_program.manage'], ['outreach_coordinator']),
    conditions: ['same_jurisdiction', 'program_member'],
  },
  // Program metrics are de-identified and suppressed: analysts read them beside the coordinators.
  allow(['outreach.read_metrics'], ['analyst']),
  {
    ...allow(['outreach.read_metrics'], ['outreach_coordinator']),
    conditions: ['same_jurisdiction', 'program_member'],
  },
  // DESIGN.md's one emergency read: a coordinator may read a person or outreach record of another
  // program of her jurisdiction (a survivor known to another program turns up in hers), with a reason.
  {
    actions: ['person.read', 'outreach.read'],
    principals: ['outreach_coordinator'],
    conditions: ['same_jurisdiction'],
    effect: 'break_the_glass',
    purposes: ['emergency'],
    glassMinutes: 60,
  },
  // Transfers to another program and disclosures (exports) of a case's records: the coordinator, under
  // the survivor's consent and a sharing agreement, which the service checks.
  {
    ...allow(['outreach.transfer', 'outreach.disclose'], ['outreach_coordinator']),
    conditions: ['same_jurisdiction', 'program_member'],
    purposes: ['treatment', 'operations'],
  },
  // The resource directory lists public services: every signed-in role of the jurisdiction reads it;
  // curators edit it; a provider updates its own services' capacity and answers referrals sent to it
  // (through its login or an API key with the referrals scope).
  allow(
    ['directory.read'],
    [
      'administrator',
      'analyst',
      'outreach_coordinator',
      'outreach_worker',
      'public_safety_analyst',
      'harm_reduction_partner',
      'service_provider',
      'outreach_oversight',
    ],
  ),
  allow(['directory.manage'], ['administrator', 'analyst', 'outreach_coordinator']),
  allow(['directory.update_capacity'], ['administrator', 'analyst', 'outreach_coordinator']),
  allow(
    ['directory.update_capacity', 'referral.receive'],
    ['service_provider', 'api_key:referrals'],
    ['same_jurisdiction', 'own_organization'],
  ),
  // A provider's staff open the survivor referred to their organization (name, birth date, phone) to
  // take her in; the referral service asks it only while her consent naming the organization is in
  // force. API keys stay at T0: a partner system receives the referral, never the person.
  {
    ...allow(['person.read'], ['service_provider']),
    conditions: ['same_jurisdiction', 'own_organization'],
    purposes: ['treatment'],
  },
  // The coercive-acts register: a coordinator records an exceptional act of her program; only the
  // program's oversight reads the register. No outreach action reads it, and it never feeds a case.
  {
    ...allow(['coercive_act.record'], ['outreach_coordinator']),
    conditions: ['same_jurisdiction', 'program_member'],
  },
  {
    ...allow(['coercive_act.record', 'coercive_act.read'], ['outreach_oversight']),
    conditions: ['same_jurisdiction', 'program_member'],
  },
  // Oversight reads its programs' de-identified outcomes beside the register.
  {
    ...allow(['outreach.read_metrics'], ['outreach_oversight']),
    conditions: ['same_jurisdiction', 'program_member'],
  },
  allow(['school.manage'], ['administrator', 'outreach_coordinator']),
  allow(['responder_unit.manage'], ['administrator']),
  // Scenes per unit per month (no responder's health, only that a debrief was offered and taken up).
  allow(['responder_wellbeing.read'], ['administrator', 'analyst']),
  allow(['responder_wellbeing.read'], ['public_safety_analyst'], ['same_jurisdiction', 'own_organization']),
  // Every signed-in user keeps their own sign-in safe: password, second factors, sessions. T0, so a
  // user who owes a second factor may still set one up.
  allow(['account.manage_own'], [...roles]),
  // The coordinated community response (issue 18). Briefs for public safety and for training are
  // area aggregates suppressed at T1; announcements carry public (T0) figures only.
  allow(['brief.read'], ['analyst', 'public_safety_analyst', 'harm_reduction_partner']),
  allow(['announcement.manage'], ['analyst', 'public_safety_analyst', 'harm_reduction_partner']),
  // Anyone may opt in to community alerts (no name needed), confirm and stop; partners draft an
  // alert's texts, and only an analyst approves the wording that goes out.
  allow(['community_alert.subscribe'], ['anyone'], []),
  allow(['community_alert.draft'], ['analyst', 'harm_reduction_partner']),
  allow(['community_alert.approve'], ['analyst']),
  // Drug-checking services and naloxone distributors send results and kits for their own organization.
  allow(
    ['drug_check.submit', 'naloxone.record'],
    ['analyst', 'harm_reduction_partner', 'submitter', 'api_key:submit'],
    ['own_organization'],
  ),
  allow(['drug_check.read'], ['analyst', 'public_safety_analyst', 'harm_reduction_partner']),
  allow(
    ['naloxone.read'],
    ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'outreach_coordinator'],
  ),
  allow(['naloxone.manage'], ['administrator', 'analyst', 'harm_reduction_partner']),
  // Overdose Fatality Review: an analyst opens reviews and enrols members; a member who has signed
  // the review's confidentiality agreement reads its case (identifiers and outreach contacts
  // included), so no public safety role may be a member: nothing in T3 reaches one.
  allow(['fatality_review.manage'], ['analyst']),
  {
    ...allow(['fatality_review.read'], ['analyst', 'outreach_coordinator', 'outreach_oversight']),
    conditions: ['same_jurisdiction', 'review_member'],
    purposes: ['fatality_review'],
  },
  allow(
    ['fatality_review.read_summary'],
    [
      'administrator',
      'analyst',
      'outreach_coordinator',
      'public_safety_analyst',
      'harm_reduction_partner',
      'outreach_oversight',
    ],
  ),
  // ODMAP's fields are line-level with points (T2): an analyst, or an agency for its own overdoses.
  // Only an analyst points a push connector at another system: it sends T2 data away.
  allow(['interop.export'], ['analyst', 'submitter'], ['own_organization']),
  allow(['interop.manage'], ['analyst']),
  // Public agreements are listed on a public page: the guidance asks that memoranda be public.
  allow(['sharing_agreement.read_public'], ['anyone'], []),
  allow(['layer.manage'], ['analyst', 'administrator']),
  // Area outlines are public geography: submitters see them on the field form's map, without counts.
  allow(['layer.read_outlines'], ['analyst', 'public_safety_analyst', 'harm_reduction_partner', 'submitter']),
  allow(
    [
      'jurisdiction.manage',
      'organization.manage',
      'user.manage',
      'api_key.manage',
      'sharing_agreement.manage',
      'audit.read',
      'audit.verify',
    ],
    ['administrator'],
  ),
];

/** What anyone may do without signing in: T0 aggregates and public reports. */
export const publicActions: readonly Action[] = actions.filter((action) =>
  policyRules.some(
    (rule) => rule.effect === 'allow' && rule.actions.includes(action) && rule.principals.includes('anyone'),
  ),
);

/** The principals an actor acts as. */
export function principalsOf(actor: Actor): Principal[] {
  switch (actor.kind) {
    case 'system':
      return ['system'];
    case 'public':
      return ['anyone'];
    case 'api_key':
      // A key never reads less than anyone without one.
      return [
        'anyone',
        ...(actor.scopes.includes('submit') ? (['api_key:submit'] as const) : []),
        ...(actor.scopes.includes('referrals') ? (['api_key:referrals'] as const) : []),
      ];
    case 'user':
      return ['anyone', actor.role];
  }
}

/** The rules of the policy that grant an action to any of the principals, whatever the record. */
export function rulesFor(principals: readonly Principal[], action: Action): PolicyRule[] {
  return policyRules.filter(
    (rule) => rule.actions.includes(action) && rule.principals.some((p) => principals.includes(p)),
  );
}

/** Whether a role may perform an action on some record (pure; the table test covers every pair). */
export function roleMay(role: Role, action: Action): boolean {
  return rulesFor(['anyone', role], action).some((rule) => rule.effect === 'allow');
}

/** Whether an actor may perform an action at all (the record's conditions are tested by `authorize`). */
export function actorMay(actor: Actor, action: Action): boolean {
  if (awaitsSecondFactor(actor, action)) return false;
  return rulesFor(principalsOf(actor), action).some((rule) => rule.effect === 'allow');
}

/** The highest tier an actor may see. */
export function actorTier(actor: Actor): Tier {
  if (actor.kind === 'system') return 'T3';
  if (actor.kind === 'user') return roleTier[actor.role];
  return 'T0';
}
