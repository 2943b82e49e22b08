// The outreach API's answers as the pages read them (the contract of issue 14, docs in /api/docs).
// Written by hand while the routes were built in parallel; once they are on the branch these become
// aliases of the generated OpenAPI types in shared/api-responses.ts.

/** A user named in a record: id and display name. */
export interface UserRef {
  user_id: string;
  display_name: string;
}

/** A program's rules as data. */
export interface ProgramPolicies {
  response_window_hours: number;
  attempt_cap: number;
  phone_first: boolean;
  law_enforcement_at_visits: 'never' | 'plain_clothes' | 'uniform';
  infraction_policy: string;
  materials_allowed: string[];
  family_support: boolean;
  retention_days: number;
}

/** A member of a program's team. */
export interface ProgramMember {
  id: string;
  user_id: string | null;
  display_name: string;
  agency: string;
  team_role: string;
  active: boolean;
}

/** An outreach program with its team. */
export interface Program {
  id: string;
  name: string;
  organization_id: string;
  service_areas: { layer_id: string; area_id: string }[];
  policies: ProgramPolicies;
  privacy_contact: string | null;
  members: ProgramMember[];
  created_at: string;
  updated_at: string;
}

/** GET /programs. */
export interface ProgramList {
  programs: Program[];
}

/** An outreach case as the queue shows it: no identifiers. */
export interface CaseSummary {
  id: string;
  program_id: string;
  kind: 'post_overdose' | 'family_support';
  origin: 'overdose' | 'deflection' | 'by_hand';
  pathway: string | null;
  status: 'open' | 'closed';
  clock_started_at: string;
  due_at: string;
  hours_since_start: number;
  response_window_hours: number;
  overdue: boolean;
  area_id: string | null;
  contact_flags: ('no_phone' | 'no_address')[];
  assigned_to: UserRef | null;
  assigned_at: string | null;
  overdose_count: number;
  attempt_count: number;
  attempts_remaining: number;
  last_attempt: { attempted_at: string; method: string; outcome: string } | null;
  consents_in_force: string[];
  escalated_at: string | null;
  opened_at: string;
  closed_at: string | null;
  close_reason: string | null;
}

/** GET /cases: one page of the queue. */
export interface CaseList {
  cases: CaseSummary[];
  next_cursor: string | null;
  total: number;
}

/** A contact attempt. */
export interface Attempt {
  id: string;
  case_id: string;
  method: string;
  outcome: string;
  attempted_at: string;
  attempted_by: UserRef;
  disclosure: 'generic_script' | 'disclosed';
  disclosure_consent_id: string | null;
  materials_left: string[];
  note: string | null;
  cap_override_reason: string | null;
  recorded_at: string;
}

/** A visit. */
export interface Visit {
  id: string;
  case_id: string;
  visited_at: string;
  location_type: string;
  present: { member_id: string; display_name: string; agency: string; team_role: string }[];
  law_enforcement: { present: boolean; dress: 'plain_clothes' | 'uniform' | null };
  services_offered: string[];
  services_accepted: string[];
  risk_reduction_plan: string | null;
  network_reached: { relation: string; consent_id: string; received: string[] }[];
  recorded_by: UserRef;
  recorded_at: string;
}

/** A consent. */
export interface Consent {
  id: string;
  case_id: string;
  scope: string;
  recipient: string | null;
  method: string;
  obtained_by: UserRef;
  obtained_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  in_force: boolean;
}

/** GET /cases/:caseId: the case with the person and its history. */
export interface CaseDetail extends CaseSummary {
  person: {
    first_name: string | null;
    last_name: string | null;
    birth_date: string | null;
    phone: string | null;
    email: string | null;
    address: string | null;
  } | null;
  overdoses: { overdose_id: string; occurred_at: string; fatal: boolean | null }[];
  attempts: Attempt[];
  visits: Visit[];
  consents: Consent[];
  program: { id: string; name: string; policies: ProgramPolicies };
}

/** GET /programs/:programId/queue-health. */
export interface QueueHealth {
  open: number;
  unassigned: number;
  overdue: number;
  due_within_24h: number;
  contact_unusable: number;
  by_worker: { user_id: string; display_name: string; open: number; overdue: number }[];
  recent_visits: {
    days: number;
    total: number;
    team_composition: {
      composition: 'public_health_only' | 'with_plain_clothes_officer' | 'with_uniformed_officer';
      visits: number;
    }[];
  };
}
