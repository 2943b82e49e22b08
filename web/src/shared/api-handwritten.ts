// The answers of the endpoints whose routes declare no response schema yet, written by hand from their
// presenters. Each is read through its alias in api-responses.ts only; once its route declares the schema
// (and `npm run api:types` has run), the alias becomes `JsonResponse<...>` and its shape here is deleted.

/** GET /api/v1/auth/session: whether a session is signed in, and as whom. */
export interface HandSession {
  signed_in: boolean;
  me: {
    kind: 'user';
    id: string;
    role:
      | 'administrator'
      | 'analyst'
      | 'outreach_coordinator'
      | 'outreach_worker'
      | 'public_safety_analyst'
      | 'harm_reduction_partner'
      | 'submitter';
    tier: 'T0' | 'T1' | 'T2' | 'T3';
    jurisdiction_id: string;
    organization_id: string | null;
    /** The policy's actions the user may perform (`aggregate.read_partner`, `alert.manage`...). */
    may: string[];
  } | null;
}

/** An alert as /api/v1/alerts presents it (partners get times to the hour and no method detail). */
interface HandAlert {
  id: string;
  rule_name: string;
  place: string;
  status: 'new' | 'acknowledged' | 'responding' | 'closed';
  raised_at: string;
  window_start: string;
  window_end: string;
  count: number;
  threshold: number;
  /** The episode: its highest count, its last window over the threshold, when it fell back. */
  peak_count: number;
  last_window_end: string;
  ended_at: string | null;
  method?: string;
}

/** GET /api/v1/alerts: the alerts, newest first. */
export interface HandAlertList {
  alerts: HandAlert[];
}

/** GET /api/v1/alerts/{id}: an alert with its status changes and its response log. */
export type HandAlertDetail = HandAlert & {
  events: {
    id: string;
    from: string;
    to: string;
    note: string | null;
    changed_by: string;
    changed_at: string;
  }[];
  responses: { id: string; action: string; note: string | null; taken_at: string; recorded_by: string }[];
};

/** An alert rule as /api/v1/alert-rules presents it. */
export interface HandAlertRule {
  id: string;
  name: string;
  method: string;
  corroboration?: string;
  scope: {
    layer?: string;
    area?: string;
    source_types?: string[];
    substance?: string;
    case_definition?: string;
  };
  minimum_count: number;
  cool_down_minutes: number;
  emails: { analyst: string[]; partner: string[] };
  webhook: { url: string; has_secret: boolean } | null;
  enabled: boolean;
}

/** GET /api/v1/alert-rules: the jurisdiction's rules. */
export interface HandAlertRules {
  rules: HandAlertRule[];
}

/** POST /api/v1/alert-rules/backtest: a draft rule replayed over past data. */
export interface HandBacktest {
  /** One per spike: from the window that crossed to the last one over the threshold. */
  episodes: { start: string; end: string; count: number; peak: number; threshold: number }[];
  by_month: { month: string; episodes: number }[];
  total: number;
  /** The days replayed, in the jurisdiction's time zone (the data's last year unless asked). */
  range: { first_day: string; last_day: string; time_zone: string };
}

/** POST /api/v1/reports (intake): each submitted record's outcome. */
export interface HandSubmissionResults {
  results: {
    status: 'accepted' | 'duplicate' | 'rejected';
    source_record_id: string | null;
    overdose_id?: string;
    problems: { field: string; code: string; severity: string; message: string }[];
  }[];
}

/** The `overdoses` events of GET /api/v1/live (a server-sent stream, outside the OpenAPI document). */
export type HandLiveOverdoses =
  | {
      /** New overdoses as an analyst's stream carries them. */
      points: {
        id: string;
        occurred_at: string;
        occurred_date: string;
        latitude: number | null;
        longitude: number | null;
        fatal: boolean | null;
        source_type: string;
      }[];
    }
  | {
      /** New overdoses as a partner's stream carries them: a day, an H3 cell and a count. */
      cells: { day: string; cell: string | null; count: number }[];
    };
