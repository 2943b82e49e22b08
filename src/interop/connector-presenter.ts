import { z } from 'zod';
import type { StoredConnector } from './connector-repository.js';
import type { DeliveryStatus, StoredDelivery } from './delivery-repository.js';

/** A push connector as it leaves the server: never its secret. */
export const connectorSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  target_url: z.string(),
  organization_id: z
    .uuid()
    .nullable()
    .describe("Only this agency's overdoses are pushed; null: every agency"),
  organization_name: z.string().nullable(),
  sharing_agreement_id: z.uuid(),
  sharing_agreement_title: z
    .string()
    .nullable()
    .describe('Null when the agreement is no longer in force (pushes then fail)'),
  enabled: z.boolean(),
  deliveries: z
    .object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() })
    .describe('Deliveries per status'),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

/** A connector as presented. */
export type PresentedConnector = z.infer<typeof connectorSchema>;

/** One delivery as it leaves the server: its outcome, not its body (the overdose's record). */
export const deliverySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['overdose', 'test']),
  overdose_id: z.uuid().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  delivered_at: z.iso.datetime().nullable(),
});

/** A delivery as presented. */
export type PresentedDelivery = z.infer<typeof deliverySchema>;

/** A connector with the names of its agency and agreement and its deliveries per status. */
export function presentConnector(
  c: StoredConnector,
  names: { organizations: ReadonlyMap<string, string>; agreements: ReadonlyMap<string, string> },
  deliveries: Record<DeliveryStatus, number>,
): PresentedConnector {
  return {
    id: c.id,
    name: c.name,
    target_url: c.targetUrl,
    organization_id: c.organizationId,
    organization_name: c.organizationId ? (names.organizations.get(c.organizationId) ?? null) : null,
    sharing_agreement_id: c.sharingAgreementId,
    sharing_agreement_title: names.agreements.get(c.sharingAgreementId) ?? null,
    enabled: c.enabled,
    deliveries,
    created_at: new Date(c.createdAt).toISOString(),
    updated_at: new Date(c.updatedAt).toISOString(),
  };
}

/** A delivery's outcome. */
export function presentDelivery(d: StoredDelivery): PresentedDelivery {
  return {
    id: d.id,
    kind: d.kind,
    overdose_id: d.overdoseId,
    status: d.status,
    attempts: d.attempts,
    last_error: d.lastError,
    last_status_code: d.lastStatusCode,
    created_at: new Date(d.createdAt).toISOString(),
    updated_at: new Date(d.updatedAt).toISOString(),
    delivered_at: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
  };
}
