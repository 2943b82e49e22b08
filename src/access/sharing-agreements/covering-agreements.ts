import type { Queryable } from '../../platform/database.js';
import { type AgreementNeed, agreementGap, type SharingAgreement } from './sharing-agreement.js';
import { agreementColumns } from './sharing-agreement-repository.js';

/**
 * The agreements of a jurisdiction that cover a flow (every organization a party, every category, the
 * day within the term), by title: the candidates a form offers before the flow names one, which
 * `requireCoveringAgreement` then checks again when the flow happens.
 */
export async function coveringAgreements(
  db: Queryable,
  jurisdictionId: string,
  need: AgreementNeed,
): Promise<SharingAgreement[]> {
  const agreements = await db.query<SharingAgreement>(
    `select ${agreementColumns} from sharing_agreements where jurisdiction_id = $1 order by title, id`,
    [jurisdictionId],
  );
  return agreements.filter((agreement) => agreementGap(agreement, need) === null);
}
