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

/** GET /api/v1/sources: each source's freshness. */
export type HandSources = {
  organizationId: string;
  name: string;
  type: string;
  lastReceivedAt: string | null;
  lastAcceptedAt: string | null;
  acceptedTotal: number;
  /** The latest time an overdose it reported occurred (a file of old records arrives fresh but is not). */
  newestOccurredAt: string | null;
}[];

/** GET /api/v1/layers: the layers that overdoses are counted by. */
export type HandLayers = {
  id: string;
  name: string;
  areaCount: number;
  populatedCount: number;
}[];

/** GET /api/v1/layers/{layerId}/areas: a GeoJSON feature collection of the layer's areas. */
export interface HandAreaCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[];
}

/** GET /api/v1/aggregates/extent: the first and last days with data. */
export interface HandExtent {
  firstDay: string | null;
  lastDay: string | null;
  total: number;
}

/** GET /api/v1/overdoses/points: an analyst's map points. */
export interface HandOverdosePoints {
  points: { id: string; latitude: number; longitude: number; fatal: boolean | null }[];
  truncated: boolean;
}

/** GET /api/v1/aggregates/hotspots: areas or cells ranked by Getis-Ord Gi*. */
export interface HandHotSpotAnalysis {
  from: string;
  to: string;
  layer: string;
  alpha: number;
  total: number;
  tooFewToTest: boolean;
  places: {
    id: string;
    name: string | null;
    count: number;
    neighbourhoodCount: number;
    neighbourhoodSize: number;
    ratePer100k: number | null;
    rateUnreliable: boolean;
    z: number | null;
    q: number | null;
    hot: boolean;
    fewOfItsOwn: boolean;
  }[];
}

/** GET /api/v1/overdoses: a page of line-level de-identified overdoses, newest first. */
export interface HandOverdosePage {
  overdoses: {
    id: string;
    occurred_at: string;
    time_known: boolean;
    latitude: number | null;
    longitude: number | null;
    fatal: boolean | null;
    naloxone_given: boolean | null;
    naloxone_doses: number | null;
    age_band: string | null;
    sex: string | null;
    substances: string[];
    source_types: string[];
    report_count: number;
    repeat_status: string;
  }[];
  next: string | null;
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
    layerId?: string;
    areaId?: string;
    sourceTypes?: string[];
    substance?: string;
    caseDefinition?: string;
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

/** A report schedule as /api/v1/report-schedules presents it. */
export interface HandReportSchedule {
  id: string;
  name: string;
  audience: 'internal' | 'partner' | 'public';
  format: 'pdf' | 'html';
  cron: string;
  cron_description: string;
  recipients: string[];
  enabled: boolean;
  last_run_at: string | null;
  next_run_at: string;
  last_error: string | null;
}

/** GET /api/v1/report-schedules: the schedules and the time zone their times are in. */
export interface HandReportSchedules {
  time_zone: string;
  schedules: HandReportSchedule[];
}

/** GET /api/v1/report-schedules/cron-preview: a cron expression in words, and its next runs. */
export interface HandCronPreview {
  description: string;
  time_zone: string;
  next_runs: string[];
}

/** POST /api/v1/report-schedules/{id}/run: the report made now and its emails. */
export interface HandScheduleRun {
  report: { week: string };
  deliveries: { recipient: string; status: string }[];
}

/** GET and PUT /api/v1/report-settings/internal-domains. */
export interface HandInternalDomains {
  domains: string[];
}

/** An archived report as /api/v1/reports/archive lists it. */
export interface HandArchivedReport {
  id: string;
  audience: 'internal' | 'partner' | 'public';
  week: string;
  format: 'pdf' | 'html';
  file_name: string;
  size: number;
  made_at: string;
  scheduled: boolean;
  schedule_name: string | null;
  /** Null when the user may list the report but not open it (administrators, internal reports). */
  download_url: string | null;
  /** Its emails, for those who manage the archive. */
  deliveries?: { recipient: string; status: string; attempts: number; sent_at: string | null }[];
}

/** GET /api/v1/reports/archive: a page of archived reports. */
export interface HandArchivePage {
  reports: HandArchivedReport[];
  next_cursor: string | null;
}

/** GET /api/v1/reports/weekly/choices: the default week and what the role may make. */
export interface HandWeeklyChoices {
  default_week: string;
  last_complete_week: string;
  audiences: HandArchivedReport['audience'][];
  formats: HandArchivedReport['format'][];
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
        occurredAt: string;
        occurredDate: string;
        latitude: number | null;
        longitude: number | null;
        fatal: boolean | null;
        sourceType: string;
      }[];
    }
  | {
      /** New overdoses as a partner's stream carries them: a day, an H3 cell and a count. */
      cells: { day: string; cell: string | null; count: number }[];
    };
