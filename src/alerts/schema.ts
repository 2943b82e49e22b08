import {
  boolean,
  customType,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Alert rules: what to watch (a scope of overdoses), how (a method and its parameters) and whom to
 * tell. The webhook secret is sealed with the keyring, like persons, and never leaves through the API.
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** { layerId?, areaId?, sourceTypes?, substance?, caseDefinition? }: the overdoses counted. */
    scope: json('scope').notNull(),
    method: text('method').notNull(),
    /** A statistical method's parameters by R's control names; null for its defaults. */
    params: json('params'),
    /** 'none', 'two_sources' or 'second_method'. */
    corroboration: text('corroboration').notNull().default('none'),
    secondMethod: text('second_method'),
    minimumCount: integer('minimum_count').notNull(),
    coolDownMinutes: integer('cool_down_minutes').notNull(),
    /** { analyst: string[], partner: string[] }: email addresses per audience. */
    emailAudiences: json('email_audiences').notNull(),
    webhookUrl: text('webhook_url'),
    webhookSecretKeyId: text('webhook_secret_key_id'),
    webhookSecretSealed: bytea('webhook_secret_sealed'),
    enabled: boolean('enabled').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * Alerts: a rule's alert episode that people were told about, with its numbers and lifecycle status.
 * The episode opens with the window that crossed (window, count, threshold), is updated while the
 * signal persists (peak, last window) and ends when it falls back (ended_at); only opening tells anyone.
 */
export const alerts = pgTable(
  'alerts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    ruleId: uuid('rule_id').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    threshold: integer('threshold').notNull(),
    status: text('status').notNull(),
    /** The method, scope and area name as evaluated: enough to write the texts again. */
    details: json('details').notNull(),
    /** The highest window count while the episode was open. */
    peakCount: integer('peak_count').notNull(),
    /** The end of the last window with the signal. */
    lastWindowEnd: timestamp('last_window_end', { withTimezone: true }).notNull(),
    /** When the signal fell back (the first evaluation without it); null while the episode is open. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** When the episode was last opened, continued or ended. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    // Every evaluation asks for a rule's latest episode.
    index('alerts_rule_raised_idx').on(t.jurisdictionId, t.ruleId, t.raisedAt),
  ],
);

/** One notification of an alert to one target (an email address or a webhook), and how it went. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    alertId: uuid('alert_id').notNull(),
    channel: text('channel').notNull(),
    /** The audience of an email ('analyst' or 'partner'); null for a webhook. */
    audience: text('audience'),
    target: text('target').notNull(),
    attempts: integer('attempts').notNull(),
    status: text('status').notNull(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /**
     * When a pending delivery may next be tried by any server: after its backoff, or once an attempt
     * under way has had time to finish. Null once sent or given up (and on rows older than the column,
     * which are due at once).
     */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('alert_deliveries_alert_idx').on(t.jurisdictionId, t.alertId),
    // The delivery sweep reads the pending deliveries that are due, across jurisdictions.
    index('alert_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** One status change of an alert: who moved it, when, from what to what, and why. */
export const alertEvents = pgTable(
  'alert_events',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    alertId: uuid('alert_id').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    changedBy: text('changed_by').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('alert_events_alert_idx').on(t.jurisdictionId, t.alertId),
  ],
);

/** What was done about an alert (naloxone distributed, an announcement, …), when and by whom. */
export const alertResponses = pgTable(
  'alert_responses',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    alertId: uuid('alert_id').notNull(),
    action: text('action').notNull(),
    note: text('note'),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('alert_responses_alert_idx').on(t.jurisdictionId, t.alertId),
  ],
);
