import type { Queryable } from '../platform/database.js';

/** One HSDS record as stored: its table, id, place in the table and cells as received. */
export interface DirectoryRow {
  hsdsTable: string;
  id: string;
  position: number;
  fields: Record<string, string>;
}

/** What outreach needs of a service beyond HSDS, as stored. */
export interface ServiceDetails {
  jurisdictionId: string;
  serviceId: string;
  providerOrganizationId: string | null;
  needs: string[];
  moud: string[];
  sameDayIntake: boolean;
  walkInHours: string | null;
  capacityStatus: string;
  waitlistDays: number | null;
  capacityUpdatedAt: Date | null;
  capacityUpdatedBy: string | null;
  insurance: string[];
  cost: string | null;
  part2Program: boolean;
  updatedAt: Date;
}

/** Every row of a jurisdiction's directory (optionally of some HSDS tables), by table then position. */
export function listDirectoryRows(
  db: Queryable,
  jurisdictionId: string,
  tables?: readonly string[],
): Promise<DirectoryRow[]> {
  return db.query<DirectoryRow>(
    `select hsds_table as "hsdsTable", id, position, fields from directory_rows
     where jurisdiction_id = $1 and ($2::text[] is null or hsds_table = any($2::text[]))
     order by hsds_table, position, id`,
    [jurisdictionId, tables ? [...tables] : null],
  );
}

/** One HSDS record, or null. */
export async function findDirectoryRow(
  db: Queryable,
  jurisdictionId: string,
  hsdsTable: string,
  id: string,
): Promise<DirectoryRow | null> {
  const rows = await db.query<DirectoryRow>(
    `select hsds_table as "hsdsTable", id, position, fields from directory_rows
     where jurisdiction_id = $1 and hsds_table = $2 and id = $3`,
    [jurisdictionId, hsdsTable, id],
  );
  return rows[0] ?? null;
}

const detailColumns = `jurisdiction_id as "jurisdictionId", service_id as "serviceId",
  provider_organization_id as "providerOrganizationId", needs, moud, same_day_intake as "sameDayIntake",
  walk_in_hours as "walkInHours", capacity_status as "capacityStatus", waitlist_days as "waitlistDays",
  capacity_updated_at as "capacityUpdatedAt", capacity_updated_by as "capacityUpdatedBy", insurance, cost,
  part2_program as "part2Program", updated_at as "updatedAt"`;

/** The outreach details of a jurisdiction's services (all, or those named). */
export function listServiceDetails(
  db: Queryable,
  jurisdictionId: string,
  serviceIds?: readonly string[],
): Promise<ServiceDetails[]> {
  return db.query<ServiceDetails>(
    `select ${detailColumns} from directory_service_details
     where jurisdiction_id = $1 and ($2::text[] is null or service_id = any($2::text[]))
     order by service_id`,
    [jurisdictionId, serviceIds ? [...serviceIds] : null],
  );
}

/** One HSDS record to store. */
export type DirectoryRowInput = DirectoryRow;

/** Replaces every HSDS row of a jurisdiction's directory with these (the package is the whole directory). */
export async function replaceDirectoryRows(
  tx: Queryable,
  jurisdictionId: string,
  rows: readonly DirectoryRowInput[],
  at: Date,
): Promise<void> {
  await tx.query('delete from directory_rows where jurisdiction_id = $1', [jurisdictionId]);
  for (const row of rows) await upsertDirectoryRow(tx, jurisdictionId, row, at);
}

/** Writes one HSDS record (inserted, or its fields and place replaced). */
export async function upsertDirectoryRow(
  tx: Queryable,
  jurisdictionId: string,
  row: DirectoryRowInput,
  at: Date,
): Promise<void> {
  await tx.query(
    `insert into directory_rows (jurisdiction_id, hsds_table, id, position, fields, updated_at)
     values ($1, $2, $3, $4, $5::json, $6)
     on conflict (jurisdiction_id, hsds_table, id)
     do update set position = excluded.position, fields = excluded.fields, updated_at = excluded.updated_at`,
    [jurisdictionId, row.hsdsTable, row.id, row.position, JSON.stringify(row.fields), at],
  );
}

/** The next free place at the end of an HSDS table (for a record added by an edit). */
export async function nextPosition(
  db: Queryable,
  jurisdictionId: string,
  hsdsTable: string,
): Promise<number> {
  const [row] = await db.query<{ next: number }>(
    `select coalesce(max(position) + 1, 0)::int as next from directory_rows
     where jurisdiction_id = $1 and hsds_table = $2`,
    [jurisdictionId, hsdsTable],
  );
  return row?.next ?? 0;
}

/** Writes the outreach details of one service (inserted or replaced). */
export async function upsertServiceDetails(tx: Queryable, details: ServiceDetails): Promise<void> {
  await tx.query(
    `insert into directory_service_details (jurisdiction_id, service_id, provider_organization_id, needs, moud,
       same_day_intake, walk_in_hours, capacity_status, waitlist_days, capacity_updated_at, capacity_updated_by,
       insurance, cost, part2_program, updated_at)
     values ($1, $2, $3, $4::json, $5::json, $6, $7, $8, $9, $10, $11, $12::json, $13, $14, $15)
     on conflict (jurisdiction_id, service_id) do update set
       provider_organization_id = excluded.provider_organization_id, needs = excluded.needs, moud = excluded.moud,
       same_day_intake = excluded.same_day_intake, walk_in_hours = excluded.walk_in_hours,
       capacity_status = excluded.capacity_status, waitlist_days = excluded.waitlist_days,
       capacity_updated_at = excluded.capacity_updated_at, capacity_updated_by = excluded.capacity_updated_by,
       insurance = excluded.insurance, cost = excluded.cost, part2_program = excluded.part2_program,
       updated_at = excluded.updated_at`,
    [
      details.jurisdictionId,
      details.serviceId,
      details.providerOrganizationId,
      JSON.stringify(details.needs),
      JSON.stringify(details.moud),
      details.sameDayIntake,
      details.walkInHours,
      details.capacityStatus,
      details.waitlistDays,
      details.capacityUpdatedAt,
      details.capacityUpdatedBy,
      JSON.stringify(details.insurance),
      details.cost,
      details.part2Program,
      details.updatedAt,
    ],
  );
}

/** Removes the outreach details of services the directory no longer holds. */
export async function deleteOrphanDetails(tx: Queryable, jurisdictionId: string): Promise<void> {
  await tx.query(
    `delete from directory_service_details d where d.jurisdiction_id = $1 and not exists (
       select 1 from directory_rows r where r.jurisdiction_id = d.jurisdiction_id
         and r.hsds_table = 'services' and r.id = d.service_id)`,
    [jurisdictionId],
  );
}
