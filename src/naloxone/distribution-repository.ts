import type { Queryable } from '../platform/database.js';

/** A distribution as stored. */
export interface StoredDistribution {
  id: string;
  organizationId: string;
  sourceId: string;
  siteType: string;
  layerId: string;
  areaId: string;
  distributedOn: string;
  datePrecision: 'day' | 'week';
  weekStart: string;
  kits: number;
  dosesPerKit: number | null;
  accessPointId: string | null;
  channel: string;
  receivedAt: Date;
}

/**
 * Stores a distribution, or replaces the one with the same (organization, source id): a resend is
 * the sender's correction. Says whether the row was new.
 */
export async function upsertDistribution(
  tx: Queryable,
  jurisdictionId: string,
  d: StoredDistribution,
): Promise<{ id: string; created: boolean }> {
  const [row] = await tx.query<{ id: string; created: boolean }>(
    `insert into naloxone_distributions (jurisdiction_id, id, organization_id, source_id, site_type, layer_id,
       area_id, distributed_on, date_precision, week_start, kits, doses_per_kit, access_point_id, channel, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     on conflict (jurisdiction_id, organization_id, source_id) do update set
       site_type = excluded.site_type, layer_id = excluded.layer_id, area_id = excluded.area_id,
       distributed_on = excluded.distributed_on, date_precision = excluded.date_precision,
       week_start = excluded.week_start, kits = excluded.kits, doses_per_kit = excluded.doses_per_kit,
       access_point_id = excluded.access_point_id, channel = excluded.channel, received_at = excluded.received_at
     returning id, (xmax = 0) as created`,
    [
      jurisdictionId,
      d.id,
      d.organizationId,
      d.sourceId,
      d.siteType,
      d.layerId,
      d.areaId,
      d.distributedOn,
      d.datePrecision,
      d.weekStart,
      d.kits,
      d.dosesPerKit,
      d.accessPointId,
      d.channel,
      d.receivedAt,
    ],
  );
  return { id: row?.id as string, created: row?.created === true };
}

/** Kits of one area, period and site type. */
export interface KitCount {
  period: string;
  areaId: string;
  siteType: string;
  kits: number;
  doses: number | null;
}

/**
 * Kits by period (the week's Sunday, or the month's first day) x area x site type, over the weeks
 * that start from `from` to `to` (both YYYY-MM-DD), in one layer. Doses are summed over the records
 * that gave doses per kit (null when none did).
 */
export async function sumKits(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
  range: { from: string; to: string; period: 'week' | 'month' | 'all' },
): Promise<KitCount[]> {
  const period =
    range.period === 'week'
      ? `to_char(week_start, 'YYYY-MM-DD')`
      : range.period === 'month'
        ? `to_char(date_trunc('month', distributed_on), 'YYYY-MM-DD')`
        : `''`;
  const rows = await db.query<{
    period: string;
    area_id: string;
    site_type: string;
    kits: string;
    doses: string | null;
  }>(
    `select ${period} as period, area_id, site_type, sum(kits) as kits, sum(kits * doses_per_kit) as doses
       from naloxone_distributions
      where jurisdiction_id = $1 and layer_id = $2 and distributed_on between $3 and $4
      group by 1, 2, 3 order by 1, 2, 3`,
    [jurisdictionId, layerId, range.from, range.to],
  );
  return rows.map((r) => ({
    period: r.period,
    areaId: r.area_id,
    siteType: r.site_type,
    kits: Number(r.kits),
    doses: r.doses === null ? null : Number(r.doses),
  }));
}

/** The last day any kits went out in a layer, or null when none did. */
export async function lastDistributionDay(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
): Promise<string | null> {
  const [row] = await db.query<{ last: string | null }>(
    `select to_char(max(distributed_on), 'YYYY-MM-DD') as last from naloxone_distributions
      where jurisdiction_id = $1 and layer_id = $2`,
    [jurisdictionId, layerId],
  );
  return row?.last ?? null;
}
