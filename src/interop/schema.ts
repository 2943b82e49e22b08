import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Push connectors: an external system (ODMAP's API, a state hub) that receives new and corrected
 * overdoses in ODMAP's fields, signed. The shared secret is sealed with the keyring and never leaves
 * through the API; every connector names the sharing agreement its flow rests on.
 */
export const interopConnectors = pgTable(
  'interop_connectors',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    targetUrl: text('target_url').notNull(),
    /** Only this agency's overdoses are pushed; null: every agency of the jurisdiction. */
    organizationId: uuid('organization_id'),
    sharingAgreementId: uuid('sharing_agreement_id').notNull(),
    secretKeyId: text('secret_key_id').notNull(),
    secretSealed: bytea('secret_sealed').notNull(),
    enabled: boolean('enabled').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * One body sent (or to send) to a connector: an overdose's ODMAP record as it stood, or a test.
 * Unique on the connector, the overdose and the body's hash, so an event heard twice makes no second
 * delivery, while a correction that changes what ODMAP sees makes a new one.
 */
export const interopDeliveries = pgTable(
  'interop_deliveries',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    connectorId: uuid('connector_id').notNull(),
    /** Null for a test delivery. */
    overdoseId: uuid('overdose_id'),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    bodySha256: text('body_sha256').notNull(),
    /** pending, delivered or failed (given up after the attempts allowed; an analyst may retry it). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error'),
    lastStatusCode: integer('last_status_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('interop_deliveries_body_key').on(
      t.jurisdictionId,
      t.connectorId,
      t.overdoseId,
      t.bodySha256,
    ),
    // A connector's page lists its newest deliveries first.
    index('interop_deliveries_connector_idx').on(t.jurisdictionId, t.connectorId, t.createdAt),
  ],
);
