import { randomUUID } from 'node:crypto';
import type { AgreementDataCategory } from '../../src/access/sharing-agreements/sharing-agreement.js';
import type { Queryable } from '../../src/platform/database.js';

// Test fixtures of linkage to care: a directory service and a sharing agreement written straight into
// their tables, so that referral, transfer and export tests need not go through the importers.

/** A service of the directory to refer to. */
export interface FixtureService {
  serviceId: string;
  organizationId: string;
}

/** Writes an HSDS organization and service, and the service's outreach details. */
export async function seedDirectoryService(
  db: Queryable,
  jurisdictionId: string,
  options: {
    name?: string;
    providerOrganizationId?: string | null;
    part2Program?: boolean;
    needs?: string[];
    moud?: string[];
  } = {},
): Promise<FixtureService> {
  const serviceId = randomUUID();
  const organizationId = randomUUID();
  const now = new Date();
  const name = options.name ?? 'Harbor Recovery Clinic';
  await db.query(
    `insert into directory_rows (jurisdiction_id, hsds_table, id, position, fields, updated_at)
     values ($1, 'organizations', $2, 0, $3::json, $5), ($1, 'services', $4, 0, $6::json, $5)`,
    [
      jurisdictionId,
      organizationId,
      JSON.stringify({ id: organizationId, name: `${name} Inc.`, description: 'A provider' }),
      serviceId,
      now,
      JSON.stringify({ id: serviceId, organization_id: organizationId, name, status: 'active' }),
    ],
  );
  await db.query(
    `insert into directory_service_details (jurisdiction_id, service_id, provider_organization_id, needs, moud,
       same_day_intake, capacity_status, insurance, part2_program, updated_at)
     values ($1, $2, $3, $4::json, $5::json, true, 'available', '["medicaid"]'::json, $6, $7)`,
    [
      jurisdictionId,
      serviceId,
      options.providerOrganizationId ?? null,
      JSON.stringify(options.needs ?? ['moud']),
      JSON.stringify(options.moud ?? ['buprenorphine']),
      options.part2Program ?? false,
      now,
    ],
  );
  return { serviceId, organizationId };
}

/** Writes a sharing agreement between organizations, in force from 2000 unless told otherwise. */
export async function seedAgreement(
  db: Queryable,
  jurisdictionId: string,
  options: {
    parties: string[];
    categories: AgreementDataCategory[];
    startsOn?: string;
    endsOn?: string | null;
    public?: boolean;
    title?: string;
  },
): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await db.query(
    `insert into sharing_agreements (jurisdiction_id, id, title, party_organization_ids, purpose, data_categories,
       legal_basis, starts_on, ends_on, public, created_at, updated_at)
     values ($1, $2, $3, $4::json, 'Linkage to care after an overdose', $5::json, 'Memorandum of understanding',
       $6, $7, $8, $9, $9)`,
    [
      jurisdictionId,
      id,
      options.title ?? 'Outreach and treatment MOU',
      JSON.stringify(options.parties),
      JSON.stringify(options.categories),
      options.startsOn ?? '2000-01-01',
      options.endsOn ?? null,
      options.public ?? false,
      now,
    ],
  );
  return id;
}
