import { authorize } from '../../access/authorize.js';
import {
  findJurisdiction,
  jurisdictionSettings,
  publicPrivacyContact,
} from '../../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../../access/roles.js';
import {
  listPublicSharingAgreements,
  type SharingAgreementDependencies,
} from '../../access/sharing-agreements/sharing-agreement-service.js';
import { programRetentions } from '../../outreach/program-retention.js';
import { SosError } from '../../platform/errors.js';
import type { DataUseFacts } from './data-use-page.js';

/**
 * What the public page "How your data is used" shows of a jurisdiction: its publication settings,
 * public agreements, outreach programs' retention and privacy contact; open to anyone.
 */
export async function readDataUseFacts(
  deps: SharingAgreementDependencies,
  actor: Actor,
  jurisdictionIdOrShortName: string,
): Promise<DataUseFacts> {
  authorize(actor, 'aggregate.read_public');
  const jurisdiction = await findJurisdiction(deps.db, jurisdictionIdOrShortName);
  if (!jurisdiction)
    throw new SosError('UNKNOWN_JURISDICTION', `No jurisdiction "${jurisdictionIdOrShortName}"`);
  const [settings, contactEmail, { agreements }, retentions] = await Promise.all([
    jurisdictionSettings(deps.db, jurisdiction.id),
    publicPrivacyContact(deps.db, jurisdiction.id),
    listPublicSharingAgreements(deps, actor, jurisdiction.id),
    programRetentions(deps.db, jurisdiction.id),
  ]);
  return {
    jurisdiction: { shortName: jurisdiction.shortName, name: jurisdiction.name },
    k: settings.k,
    minPopulation: settings.minPopulation,
    contactEmail,
    agreements,
    retentions,
  };
}
