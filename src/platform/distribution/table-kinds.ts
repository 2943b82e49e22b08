/**
 * Where each table goes under Citus (docs/operations.md, "Past one database: Citus"). Every table the
 * migrations create has a kind here, with the reason in one line; the distributability check fails on
 * a table without one, so a new table is placed when it is written, not when the cluster is built.
 */

/** `distributed`: sharded by jurisdiction_id, co-located with every other distributed table.
 * `reference`: one shard copied to every node. `local`: stays on the coordinator only. */
export type TableKind = 'distributed' | 'reference' | 'local';

/** The column every distributed table is sharded by. */
export const DISTRIBUTION_COLUMN = 'jurisdiction_id';

/** Its type: co-located tables must shard on columns of one type (jurisdictions.id is a uuid). */
export const DISTRIBUTION_COLUMN_TYPE = 'uuid';

/** A table's kind and why. */
export interface TableKindDeclaration {
  kind: TableKind;
  reason: string;
}

/**
 * Triggers allowed on distributed or reference tables, as `table.trigger`, each with why it is safe on
 * a shard: Citus creates them on every shard only with `citus.enable_unsafe_triggers` on, and runs
 * them on the node that holds the row, so a trigger that reads or writes another table is not.
 */
export const SHARD_TRIGGERS: Readonly<Record<string, string>> = {
  'audit_entries.audit_entries_append_only':
    'raises on update or delete and touches nothing else, so it holds on each shard alone',
};

const tenantData = 'one jurisdiction’s rows, read and written with its jurisdiction_id';

function distributed(reason = tenantData): TableKindDeclaration {
  return { kind: 'distributed', reason };
}

/** The kind of every table the migrations create, by name. */
export const TABLE_KINDS: Readonly<Record<string, TableKindDeclaration>> = {
  // Reference tables: small, read by every jurisdiction's queries, written rarely.
  jurisdictions: {
    kind: 'reference',
    reason: 'the tenants themselves: a few rows joined by almost every query (time zone, settings)',
  },
  users: {
    kind: 'reference',
    reason: 'sign-in finds a user by email alone, unique in the deployment; few rows, rarely written',
  },

  // Coordinator-local tables: no jurisdiction, the deployment's own machinery.
  schema_migrations: { kind: 'local', reason: 'the migrations applied: one list for the whole cluster' },
  scheduled_jobs: {
    kind: 'local',
    reason: 'job claims by name and due time, for every jurisdiction at once',
  },
  outbox_events: {
    kind: 'local',
    reason: 'the outbox is polled in order of its bigserial id by one dispatcher on the coordinator',
  },
  key_rotations: { kind: 'local', reason: 'the deployment’s encryption keys are not any jurisdiction’s' },
  sign_in_throttles: {
    kind: 'local',
    reason: 'failed sign-ins by keyed hash: an unknown email has no jurisdiction',
  },

  // Distributed by jurisdiction_id, all in one co-location group.
  alert_deliveries: distributed(),
  alert_events: distributed(),
  alert_responses: distributed(),
  alert_rules: distributed(),
  alerts: distributed(),
  announcements: distributed(),
  api_keys: distributed(),
  areas: distributed('a jurisdiction’s polygons: large, joined with its overdoses and rollups'),
  audit_chain_heads: distributed(),
  audit_entries: distributed('each jurisdiction’s own hash chain, numbered per jurisdiction'),
  audit_finding_cursors: distributed(),
  audit_findings: distributed(),
  coercive_acts: distributed(),
  community_alerts: distributed(),
  community_messages: distributed(),
  community_subscribers: distributed(),
  community_subscription_areas: distributed(),
  daily_area_counts: distributed('rollups: the dashboards read one jurisdiction’s at a time'),
  daily_dimension_counts: distributed('rollups: the dashboards read one jurisdiction’s at a time'),
  directory_rows: distributed(),
  directory_service_details: distributed(),
  drug_check_result_areas: distributed(),
  drug_check_results: distributed(),
  fatality_review_agreements: distributed(),
  fatality_review_members: distributed(),
  fatality_review_missed_opportunities: distributed(),
  fatality_review_recommendation_events: distributed(),
  fatality_review_recommendations: distributed(),
  fatality_reviews: distributed(),
  geocoded_addresses: distributed(),
  glass_breaks: distributed(),
  handle_with_care_notices: distributed(),
  identity_provider_links: distributed(),
  identity_providers: distributed(),
  interop_connectors: distributed(),
  interop_deliveries: distributed(),
  layers: distributed('a jurisdiction’s layers, joined with its areas'),
  linkage_decisions: distributed(),
  linkage_models: distributed(),
  linkage_reviews: distributed(),
  live_event_positions: distributed(
    'one counter row per jurisdiction: numbers its live events in commit order',
  ),
  live_events: distributed('the live stream’s log, read to resume a reconnecting client'),
  monthly_area_counts: distributed('rollups: the dashboards read one jurisdiction’s at a time'),
  naloxone_access_points: distributed(),
  naloxone_distributions: distributed(),
  naloxone_stock_reports: distributed(),
  organizations: distributed(),
  outreach_case_overdoses: distributed(),
  outreach_cases: distributed(),
  outreach_consents: distributed(),
  outreach_contact_attempts: distributed(),
  outreach_disclosures: distributed(),
  outreach_household_members: distributed(),
  outreach_program_members: distributed(),
  outreach_programs: distributed(),
  outreach_referral_events: distributed(),
  outreach_referrals: distributed(),
  outreach_transfers: distributed(),
  outreach_visits: distributed(),
  overdose_areas: distributed(),
  overdoses: distributed('the counted unit: the largest table with reports, written by intake'),
  persons: distributed('the vault: identifiable, never copied to nodes that do not hold the jurisdiction'),
  recovery_codes: distributed(),
  remembered_devices: distributed(),
  report_archive: distributed(),
  report_deliveries: distributed(),
  report_recipient_settings: distributed(),
  report_schedules: distributed(),
  reports: distributed('every record as received: the largest table, written by intake'),
  responder_exposures: distributed(),
  responder_peer_contacts: distributed(),
  responder_units: distributed(),
  schools: distributed(),
  second_factors: distributed(),
  sessions: distributed('written on sign-in and touched once a minute per session: too busy to copy'),
  sharing_agreements: distributed(),
  source_activity: distributed(),
  user_invitations: distributed(),
  webauthn_challenges: distributed(),
};
