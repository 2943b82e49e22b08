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
