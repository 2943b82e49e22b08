import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { type AgreementNeed, agreementGap, type SharingAgreement } from './sharing-agreement.js';
import { findAgreement } from './sharing-agreement-repository.js';

/**
 * The agreement a flow of data names, checked to cover it; throws AGREEMENT_REQUIRED (field
 * `agreement_id`) when none is named, it does not exist, or it does not cover the flow. The one check
 * every flow of identifiable data across organizations passes (referrals, transfers, exports).
 */
export async function requireCoveringAgreement(
  db: Queryable,
  jurisdictionId: string,
  agreementId: string | null | undefined,
  need: AgreementNeed,
): Promise<SharingAgreement> {
  const field = { field: 'agreement_id' };
  if (!agreementId)
    throw new SosError('AGREEMENT_REQUIRED', 'Name the sharing agreement this flow rests on', field);
  const agreement = await findAgreement(db, jurisdictionId, agreementId);
  if (!agreement) throw new SosError('AGREEMENT_REQUIRED', `No sharing agreement ${agreementId}`, field);
  const gap = agreementGap(agreement, need);
  if (gap)
    throw new SosError('AGREEMENT_REQUIRED', `The sharing agreement does not cover this: ${gap}`, field);
  return agreement;
}
