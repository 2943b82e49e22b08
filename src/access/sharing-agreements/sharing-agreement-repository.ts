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

/** An agreement with the size in bytes of its document (0 without one). */
export type StoredAgreement = SharingAgreement & { documentSize: number };

// The document's size from its base64 text (3 bytes per 4 characters, less the padding), so that a list
// does not fetch the documents themselves.
const withSize = `${agreementColumns},
  coalesce(length(document_base64) / 4 * 3 - (length(document_base64) - length(rtrim(document_base64, '='))), 0)::int
    as "documentSize"`;

/** The agreements of a jurisdiction by title (only the public ones when asked). */
export function listAgreements(
  db: Queryable,
  jurisdictionId: string,
  onlyPublic = false,
): Promise<StoredAgreement[]> {
  return db.query<StoredAgreement>(
    `select ${withSize} from sharing_agreements where jurisdiction_id = $1 ${onlyPublic ? 'and public' : ''}
     order by title, id`,
    [jurisdictionId],
  );
}

/** One agreement with its document's size, or null. */
export async function findStoredAgreement(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredAgreement | null> {
  const rows = await db.query<StoredAgreement>(
    `select ${withSize} from sharing_agreements where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** An agreement's signed document as stored, or null when it has none. */
export async function findAgreementDocument(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<{ name: string; type: string; base64: string; sha256: string } | null> {
  const rows = await db.query<{ name: string; type: string; base64: string; sha256: string }>(
    `select document_name as name, document_type as type, document_base64 as base64, document_sha256 as sha256
     from sharing_agreements where jurisdiction_id = $1 and id = $2 and document_base64 is not null`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** What an agreement's write stores: its fields, and its document when one is given. */
export interface AgreementWrite {
  title: string;
  partyOrganizationIds: string[];
  purpose: string;
  dataCategories: string[];
  legalBasis: string;
  startsOn: string;
  endsOn: string | null;
  public: boolean;
  document?: { name: string; type: string; base64: string; sha256: string } | undefined;
}

/** Stores a new agreement. */
export async function insertAgreement(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  a: AgreementWrite,
  by: string | null,
  at: Date,
): Promise<void> {
  await db.query(
    `insert into sharing_agreements (jurisdiction_id, id, title, party_organization_ids, purpose, data_categories,
       legal_basis, starts_on, ends_on, public, document_name, document_type, document_base64, document_sha256,
       created_by, created_at, updated_at)
     values ($1,$2,$3,$4::json,$5,$6::json,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16)`,
    [
      jurisdictionId,
      id,
      a.title,
      JSON.stringify(a.partyOrganizationIds),
      a.purpose,
      JSON.stringify(a.dataCategories),
      a.legalBasis,
      a.startsOn,
      a.endsOn,
      a.public,
      a.document?.name ?? null,
      a.document?.type ?? null,
      a.document?.base64 ?? null,
      a.document?.sha256 ?? null,
      by,
      at,
    ],
  );
}

/** Rewrites an agreement's fields, and its document when one is given (kept otherwise). */
export async function updateAgreement(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  a: AgreementWrite,
  at: Date,
): Promise<void> {
  await db.query(
    `update sharing_agreements set title = $3, party_organization_ids = $4::json, purpose = $5,
       data_categories = $6::json, legal_basis = $7, starts_on = $8, ends_on = $9, public = $10, updated_at = $11
       ${a.document ? ', document_name = $12, document_type = $13, document_base64 = $14, document_sha256 = $15' : ''}
     where jurisdiction_id = $1 and id = $2`,
    [
      jurisdictionId,
      id,
      a.title,
      JSON.stringify(a.partyOrganizationIds),
      a.purpose,
      JSON.stringify(a.dataCategories),
      a.legalBasis,
      a.startsOn,
      a.endsOn,
      a.public,
      at,
      ...(a.document ? [a.document.name, a.document.type, a.document.base64, a.document.sha256] : []),
    ],
  );
}
