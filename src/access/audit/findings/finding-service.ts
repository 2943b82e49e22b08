import { z } from 'zod';
import type { Database } from '../../../platform/database.js';
import { authorizeUser } from '../../authorize.js';
import type { Actor } from '../../roles.js';
import { listFindings } from './finding-repository.js';
import { findingKinds } from './unusual-reads.js';

/** One unusual read as the trail page lists it. */
export const findingSchema = z.object({
  id: z.uuid(),
  kind: z.enum(findingKinds),
  actor_id: z.string(),
  actor_email: z.string().nullable(),
  day: z.string().describe("The jurisdiction's local day"),
  seq: z.number().int().describe('The audit entry that showed it'),
  at: z.iso.datetime(),
  details: z.record(z.string(), z.unknown()).describe('Counts, and for a broken glass the record and reason'),
  mailed: z.boolean().describe('Whether the privacy contact was emailed about its kind, user and day'),
});

/** The newest findings of the administrator's jurisdiction. */
export const findingListSchema = z.object({ findings: z.array(findingSchema) });

/**
 * The unusual reads found in the administrator's jurisdiction, newest first (at most `limit`). They name
 * users and records as the trail does, so reading them is `audit.read`.
 */
export async function readFindings(
  deps: { db: Database },
  actor: Actor,
  limit: number,
): Promise<z.infer<typeof findingListSchema>> {
  authorizeUser(actor, 'audit.read');
  const rows = await listFindings(deps.db, actor.jurisdictionId, limit);
  return {
    findings: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      actor_id: row.actor_id,
      actor_email: row.actor_email,
      day: row.day,
      seq: row.seq,
      at: row.at.toISOString(),
      details: row.details,
      mailed: row.mailed_at !== null,
    })),
  };
}
