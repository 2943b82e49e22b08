import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { addSharingAgreement } from '../access/sharing-agreements/sharing-agreement-service.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { DEMO_PROVIDER_ORGANIZATION } from './demo-directory.js';

/**
 * The demo's sharing agreements between the outreach program's lead agency and the demo treatment
 * provider (one public, listed on the public page), so that referrals, transfers and exports of the demo
 * have agreements to name.
 */

/** A signed memorandum, as plain text, so the demo has a document to download. */
const DEMO_MOU_TEXT =
  'Memorandum of understanding (demo)\n\nThe Public Health Outreach Office and Capitol Region Recovery Services ' +
  'agree to refer survivors of an overdose to treatment with their written consent, and to answer ' +
  'referrals within three days. Synthetic document for the demo: no real party signed it.\n';

/** Adds the demo agreements between the program's lead agency and the demo provider; answers their ids. */
export async function loadDemoAgreements(
  context: { db: Database; clock: Clock },
  target: { jurisdiction: Jurisdiction; lead: Organization },
): Promise<string[]> {
  const j = target.jurisdiction.id;
  const now = context.clock.now();
  const year = now.getUTCFullYear();
  return context.db.transaction(async (tx) => {
    // The directory's demo made the provider, which answers for its services' referrals.
    const provider = (await listOrganizations(tx, j)).find((o) => o.id === DEMO_PROVIDER_ORGANIZATION.id);
    if (!provider) throw new Error('The demo provider organization must be loaded before its agreements');
    const parties = [target.lead.id, provider.id];
    return [
      await addSharingAgreement(
        tx,
        j,
        {
          title: 'Outreach and treatment linkage MOU (demo)',
          parties,
          purpose: 'Referral of overdose survivors to treatment and the answers to those referrals',
          data_categories: ['identifiable_outreach', 'referral_details', 'part2_records'],
          legal_basis:
            "Memorandum of understanding; the survivor's written consent under 42 CFR Part 2 for treatment records",
          starts_on: `${year}-01-01`,
          ends_on: `${year + 2}-12-31`,
          public: true,
          document: {
            name: 'linkage-mou-demo.txt',
            type: 'text/plain',
            base64: Buffer.from(DEMO_MOU_TEXT).toString('base64'),
          },
        },
        now,
      ),
      await addSharingAgreement(
        tx,
        j,
        {
          title: 'Qualified service organization agreement (demo)',
          parties,
          purpose: 'Care coordination between the outreach team and the treatment provider',
          data_categories: ['referral_details'],
          legal_basis: 'Qualified service organization agreement (42 CFR 2.11)',
          starts_on: `${year}-01-01`,
          public: false,
        },
        now,
      ),
    ];
  });
}
