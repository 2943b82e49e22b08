import type { Queryable } from '../../platform/database.js';
import type { Jurisdiction, Organization, PublicationSettings } from './jurisdiction.js';

const JURISDICTION_COLUMNS =
  'id, short_name as "shortName", name, time_zone as "timeZone", parent_id as "parentId", population';

/** Inserts a jurisdiction. */
export async function insertJurisdiction(db: Queryable, j: Jurisdiction): Promise<void> {
  await db.query(
    'insert into jurisdictions (id, short_name, name, time_zone, parent_id, population) values ($1,$2,$3,$4,$5,$6)',
    [j.id, j.shortName, j.name, j.timeZone, j.parentId, j.population],
  );
}

/** Finds a jurisdiction by its id or its short name. */
export async function findJurisdiction(db: Queryable, idOrShortName: string): Promise<Jurisdiction | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrShortName);
  const [row] = await db.query<Jurisdiction>(
    `select ${JURISDICTION_COLUMNS} from jurisdictions where ${isUuid ? 'id = $1::uuid' : 'short_name = $1'}`,
    [idOrShortName],
  );
  return row ?? null;
}

/** Every jurisdiction, by name. */
export async function listJurisdictions(db: Queryable): Promise<Jurisdiction[]> {
  return db.query<Jurisdiction>(`select ${JURISDICTION_COLUMNS} from jurisdictions order by name`);
}

const ORGANIZATION_COLUMNS =
  'jurisdiction_id as "jurisdictionId", id, name, type, allowed_raw_keys as "allowedRawKeys", contacts';

/** Inserts an organization. */
export async function insertOrganization(db: Queryable, o: Organization): Promise<void> {
  await db.query(
    'insert into organizations (jurisdiction_id, id, name, type, allowed_raw_keys, contacts) values ($1,$2,$3,$4,$5,$6)',
    [o.jurisdictionId, o.id, o.name, o.type, o.allowedRawKeys ?? [], JSON.stringify(o.contacts ?? [])],
  );
}

/** Writes an organization's name, type, intake profile and contacts back. */
export async function updateOrganization(db: Queryable, o: Organization): Promise<void> {
  await db.query(
    `update organizations set name = $3, type = $4, allowed_raw_keys = $5, contacts = $6
     where jurisdiction_id = $1 and id = $2`,
    [o.jurisdictionId, o.id, o.name, o.type, o.allowedRawKeys ?? [], JSON.stringify(o.contacts ?? [])],
  );
}

/** Finds an organization of a jurisdiction by id. */
export async function findOrganization(
  db: Queryable,
  jurisdictionId: string,
  organizationId: string,
): Promise<Organization | null> {
  const [row] = await db.query<Organization>(
    `select ${ORGANIZATION_COLUMNS} from organizations where jurisdiction_id = $1 and id::text = $2`,
    [jurisdictionId, organizationId],
  );
  return row ?? null;
}

/** The organizations of a jurisdiction, by name. */
export async function listOrganizations(db: Queryable, jurisdictionId: string): Promise<Organization[]> {
  return db.query<Organization>(
    `select ${ORGANIZATION_COLUMNS} from organizations where jurisdiction_id = $1 order by name, id`,
    [jurisdictionId],
  );
}

/** A jurisdiction's publication settings, or null when there is no such jurisdiction. */
export async function readPublicationSettings(
  db: Queryable,
  jurisdictionId: string,
): Promise<PublicationSettings | null> {
  const [row] = await db.query<PublicationSettings>(
    `select public_k as k, partner_k as "partnerK", public_min_population as "minPopulation"
     from jurisdictions where id = $1`,
    [jurisdictionId],
  );
  return row ?? null;
}

/** Sets whether a jurisdiction requires a second factor of roles that read T2 or T3 data. */
export async function setMfaRequired(
  db: Queryable,
  jurisdictionId: string,
  required: boolean,
): Promise<void> {
  await db.query('update jurisdictions set mfa_required = $2 where id = $1', [jurisdictionId, required]);
}
