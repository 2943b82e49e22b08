import { z } from 'zod';
import { authorizeUser } from '../../access/authorize.js';
import { findJurisdiction, listOrganizations } from '../../access/jurisdictions/jurisdiction-service.js';
import { actorTier } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import type { Queryable } from '../../platform/database.js';
import { replicationOf } from '../../platform/read-database.js';
import { instantOfWallTime, localDateOf } from '../../platform/time-zones.js';
import { replicaLagWords } from './replica-lag-words.js';
import { readSourceActivity, type SourceActivity } from './source-activity-repository.js';
import { countUnplacedBySource } from './unplaced-by-source-repository.js';

/** How fresh one source is, as the dashboard shows it (and the field form lists the organizations). */
export const sourceFreshnessSchema = z.object({
  organization_id: z.string(),
  name: z.string(),
  type: z.string(),
  last_received_at: z.string().nullable().describe('Its last report received (to the hour for partners)'),
  last_accepted_at: z.string().nullable(),
  accepted_total: z.number().int(),
  unplaced_total: z
    .number()
    .int()
    .describe(
      'Its overdoses geocoding could not place (kept, counted, listed for analysts at /api/v1/overdoses/unplaced)',
    ),
  newest_occurred_at: z
    .string()
    .nullable()
    .describe(
      'The latest occurred_at among its accepted reports (for partners, the first instant of that local day)',
    ),
});

/** How fresh one source is, as it leaves the server. */
export type SourceFreshness = z.infer<typeof sourceFreshnessSchema>;

const HOUR_MS = 3_600_000;

/**
 * When each source last reported, and the time of the newest overdose it reported. Partners (T1) get
 * arrivals to the hour only (a single report's receipt time, to the second, would date that overdose
 * more exactly than their tier allows), and the newest overdose as its local day (given as the day's
 * first instant): T1 counts overdoses by day, and the hour of a source's newest overdose would be the
 * hour of one overdose.
 */
export async function readSourceFreshness(db: Queryable, actor: Actor): Promise<SourceFreshness[]> {
  authorizeUser(actor, 'aggregate.read_partner', 'Source freshness is read by signed-in users');
  const coarse = actorTier(actor) === 'T1';
  const time = (at: Date | null) => {
    if (at === null) return null;
    const ms = new Date(at).getTime();
    return new Date(coarse ? ms - (ms % HOUR_MS) : ms).toISOString();
  };
  const timeZone = coarse ? (await findJurisdiction(db, actor.jurisdictionId))?.timeZone : undefined;
  const day = (at: Date | null) => {
    if (at === null || timeZone === undefined) return time(at);
    const [year, month, date] = localDateOf(new Date(at), timeZone).split('-').map(Number) as [
      number,
      number,
      number,
    ];
    return instantOfWallTime(
      { year, month, day: date, hour: 0, minute: 0, second: 0 },
      timeZone,
    ).toISOString();
  };
  const [organizations, activity, unplaced] = await Promise.all([
    listOrganizations(db, actor.jurisdictionId),
    readSourceActivity(db, actor.jurisdictionId),
    countUnplacedBySource(db, actor.jurisdictionId),
  ]);
  const byOrganization = new Map(activity.map((a) => [a.organizationId, a]));
  const rows = organizations.map((o) => ({ organization: o, activity: byOrganization.get(o.id) }));
  // Latest arrival first, never-reporting ones last; the sort is stable, so ties stay in name order.
  rows.sort((a, b) => receivedMs(b.activity) - receivedMs(a.activity));
  return rows.map(({ organization, activity: a }) => ({
    organization_id: organization.id,
    name: organization.name,
    type: organization.type,
    last_received_at: time(a?.lastReceivedAt ?? null),
    last_accepted_at: time(a?.lastAcceptedAt ?? null),
    accepted_total: a?.acceptedTotal ?? 0,
    unplaced_total: unplaced.get(organization.id) ?? 0,
    newest_occurred_at: day(a?.newestOccurredAt ?? null),
  }));
}

/** When an organization last sent anything, in ms; never is before everything. */
function receivedMs(activity: SourceActivity | undefined): number {
  return activity?.lastReceivedAt ? new Date(activity.lastReceivedAt).getTime() : Number.NEGATIVE_INFINITY;
}

/** Whether the dashboard's figures come from a read replica, and how far behind it is. */
export const replicaLagSchema = z.object({
  replica: z
    .object({
      reads_from: z
        .enum(['replica', 'primary'])
        .describe('primary: the replica cannot be reached and reads fell back to the primary'),
      lag_seconds: z
        .number()
        .nullable()
        .describe("How far the replica's data may be behind the primary; null when it cannot be reached"),
      replay_paused: z.boolean(),
      label: z.string().describe('The same in plain words'),
    })
    .nullable()
    .describe('null when every read comes from the primary (no DATABASE_READ_URL)'),
});

/** The read replica's lag as it leaves the server. */
export type ReplicaLagView = z.infer<typeof replicaLagSchema>;

/**
 * The lag of the replica the figures come from (`db` is the read handle), for the sources panel:
 * the newest arrivals it shows may be this far behind. No replica: nothing to say.
 */
export async function readReplicaLag(db: Queryable, actor: Actor): Promise<ReplicaLagView> {
  authorizeUser(actor, 'aggregate.read_partner', 'Source freshness is read by signed-in users');
  const replication = replicationOf(db);
  if (replication === null) return { replica: null };
  const measured = await replication.lag();
  // To the tenth of a second below, so that the figure and its words say the same.
  const lagSeconds = measured.lagSeconds === null ? null : Math.floor(measured.lagSeconds * 10) / 10;
  const lag = { ...measured, lagSeconds };
  return {
    replica: {
      reads_from: lag.readsFrom,
      lag_seconds: lag.lagSeconds,
      replay_paused: lag.replayPaused,
      label: replicaLagWords(lag),
    },
  };
}
