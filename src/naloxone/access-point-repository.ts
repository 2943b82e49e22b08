import type { Queryable } from '../platform/database.js';
import type { PagePosition } from '../platform/page-cursor.js';
import type { OpeningHours } from './naloxone-vocabulary.js';

/** An access point as stored, with its latest stock report (vending machines). */
export interface StoredAccessPoint {
  id: string;
  name: string;
  siteType: string;
  address: string | null;
  latitude: number;
  longitude: number;
  layerId: string | null;
  areaId: string | null;
  hours: OpeningHours[];
  active: boolean;
  /** The organization that runs it, if named. */
  organizationId: string | null;
  lowStockKits: number;
  createdAt: Date;
  lastStock: { reportedAt: Date; kitsLeft: number; restocked: boolean } | null;
}

const SELECT = `select p.id, p.name, p.site_type, p.address, p.latitude, p.longitude, p.layer_id, p.area_id,
    p.hours, p.active, p.organization_id, p.low_stock_kits, p.created_at, s.reported_at, s.kits_left, s.restocked
  from naloxone_access_points p
  left join lateral (
    select reported_at, kits_left, restocked from naloxone_stock_reports r
     where r.jurisdiction_id = p.jurisdiction_id and r.access_point_id = p.id
     order by reported_at desc, id desc limit 1
  ) s on true`;

interface Row {
  id: string;
  name: string;
  site_type: string;
  address: string | null;
  latitude: number;
  longitude: number;
  layer_id: string | null;
  area_id: string | null;
  hours: unknown;
  active: boolean;
  organization_id: string | null;
  low_stock_kits: number;
  created_at: Date | string;
  reported_at: Date | string | null;
  kits_left: number | null;
  restocked: boolean | null;
}

function fromRow(row: Row): StoredAccessPoint {
  return {
    id: row.id,
    name: row.name,
    siteType: row.site_type,
    address: row.address,
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    layerId: row.layer_id,
    areaId: row.area_id,
    hours: (typeof row.hours === 'string' ? JSON.parse(row.hours) : row.hours) as OpeningHours[],
    active: row.active,
    organizationId: row.organization_id,
    lowStockKits: row.low_stock_kits,
    createdAt: new Date(row.created_at),
    lastStock:
      row.reported_at === null
        ? null
        : {
            reportedAt: new Date(row.reported_at),
            kitsLeft: Number(row.kits_left),
            restocked: row.restocked === true,
          },
  };
}

/** Stores a new access point. */
export async function insertAccessPoint(
  tx: Queryable,
  jurisdictionId: string,
  p: Omit<StoredAccessPoint, 'lastStock'>,
): Promise<void> {
  await tx.query(
    `insert into naloxone_access_points (jurisdiction_id, id, name, site_type, address, latitude, longitude,
       layer_id, area_id, hours, active, low_stock_kits, created_at, organization_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      jurisdictionId,
      p.id,
      p.name,
      p.siteType,
      p.address,
      p.latitude,
      p.longitude,
      p.layerId,
      p.areaId,
      JSON.stringify(p.hours),
      p.active,
      p.lowStockKits,
      p.createdAt,
      p.organizationId,
    ],
  );
}

/** Changes what may change of an access point: its name, hours, whether it is active, its low-stock level. */
export async function updateAccessPoint(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  change: { name: string; hours: OpeningHours[]; active: boolean; lowStockKits: number },
): Promise<void> {
  await tx.query(
    `update naloxone_access_points set name = $3, hours = $4, active = $5, low_stock_kits = $6
      where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id, change.name, JSON.stringify(change.hours), change.active, change.lowStockKits],
  );
}

/** One access point, or null. */
export async function findAccessPoint(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredAccessPoint | null> {
  const [row] = await db.query<Row>(`${SELECT} where p.jurisdiction_id = $1 and p.id = $2`, [
    jurisdictionId,
    id,
  ]);
  return row ? fromRow(row) : null;
}

/** A page of a jurisdiction's access points, oldest first, after a position. */
export async function listAccessPoints(
  db: Queryable,
  jurisdictionId: string,
  page: { after: PagePosition | null; limit: number },
): Promise<StoredAccessPoint[]> {
  const rows = await db.query<Row>(
    `${SELECT} where p.jurisdiction_id = $1
       and ($2::timestamptz is null or (p.created_at, p.id) > ($2::timestamptz, $3::uuid))
     order by p.created_at, p.id limit $4`,
    [jurisdictionId, page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
  return rows.map(fromRow);
}

/** The active access points of each area of a layer. */
export async function countActivePoints(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
): Promise<Map<string, number>> {
  const rows = await db.query<{ area_id: string; points: string }>(
    `select area_id, count(*) as points from naloxone_access_points
      where jurisdiction_id = $1 and layer_id = $2 and active group by area_id`,
    [jurisdictionId, layerId],
  );
  return new Map(rows.map((r) => [r.area_id, Number(r.points)]));
}

/** Every active access point of a jurisdiction (the map draws them all). */
export async function listActivePoints(db: Queryable, jurisdictionId: string): Promise<StoredAccessPoint[]> {
  const rows = await db.query<Row>(
    `${SELECT} where p.jurisdiction_id = $1 and p.active order by p.name, p.id`,
    [jurisdictionId],
  );
  return rows.map(fromRow);
}

/** Stores one stock report of a vending machine. */
export async function insertStockReport(
  tx: Queryable,
  jurisdictionId: string,
  report: {
    id: string;
    accessPointId: string;
    reportedAt: Date;
    kitsLeft: number;
    restocked: boolean;
    channel: string;
  },
): Promise<void> {
  await tx.query(
    `insert into naloxone_stock_reports (jurisdiction_id, id, access_point_id, reported_at, kits_left, restocked, channel)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      jurisdictionId,
      report.id,
      report.accessPointId,
      report.reportedAt,
      report.kitsLeft,
      report.restocked,
      report.channel,
    ],
  );
}
