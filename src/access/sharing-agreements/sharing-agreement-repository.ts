import type { Queryable } from '../../platform/database.js';
import type { SharingAgreement } from './sharing-agreement.js';

/** The columns of a stored agreement, without its document's content. */
export const agreementColumns = `jurisdiction_id as "jurisdictionId", id, title,
  party_organization_ids as "partyOrganizationIds", purpose, data_categories as "dataCategories",
  legal_basis as "legalBasis", to_char(starts_on, 'YYYY-MM-DD') as "startsOn",
  to_char(ends_on, 'YYYY-MM-DD') as "endsOn", document_name as "documentName",
  document_type as "documentType", document_sha256 as "documentSha256", public,
  created_at as "createdAt", updated_at as "updatedAt"`;

/** One agreement of a jurisdiction, or null. */
export async function findAgreement(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<SharingAgreement | null> {
  const rows = await db.query<SharingAgreement>(
    `select ${agreementColumns} from sharing_agreements where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}
