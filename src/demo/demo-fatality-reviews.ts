import type { Jurisdiction } from '../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../access/roles.js';
import { confidentialityAgreement } from '../fatality-review/confidentiality-agreement.js';
import type { RecommendationStatus } from '../fatality-review/fatality-review.js';
import {
  enrolMember,
  listReviewCandidates,
  openReview,
  signAgreement,
} from '../fatality-review/fatality-review-service.js';
import { missedOpportunityCategories } from '../fatality-review/missed-opportunity-categories.js';
import { recordMissedOpportunity, recordRecommendation } from '../fatality-review/review-findings-service.js';
import type { AppContext } from '../main/app-context.js';
import type { DemoUsers } from './demo-users.js';

/** How many of the newest fatal overdoses the demo reviews, and the year their meetings fall in. */
const DEMO_REVIEWS = 14;
const MEETING_YEAR = 2023;
const STATUSES: RecommendationStatus[] = [
  'proposed',
  'accepted',
  'in_progress',
  'implemented',
  'not_adopted',
];

/**
 * The demo's fatality reviews: the analyst opens reviews of the newest fatal overdoses (meetings in
 * 2023), signs their agreement and records findings, deterministically by position (no randomness);
 * the coordinator is enrolled but has not signed, so the demo shows signing before the case opens.
 */
export async function loadDemoFatalityReviews(
  context: AppContext,
  jurisdiction: Jurisdiction,
  users: DemoUsers,
): Promise<{ reviews: number }> {
  const actor = (role: 'analyst' | 'outreach_coordinator'): Actor => ({
    kind: 'user',
    userId: users.byRole.get(role)?.id as string,
    jurisdictionId: jurisdiction.id,
    role,
    organizationId: null,
  });
  const analyst = actor('analyst');
  const coordinator = actor('outreach_coordinator');
  const candidates = await listReviewCandidates(context, analyst, DEMO_REVIEWS);
  for (const [i, overdose] of candidates.entries()) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const review = await openReview(context, analyst, {
      overdoseId: overdose.id,
      meetingDate: `${MEETING_YEAR}-${month}-${10 + (i % 15)}`,
    });
    await signAgreement(context, analyst, review.id, {
      userId: null,
      signedName: users.byRole.get('analyst')?.displayName ?? 'Demo analyst',
      agreementVersion: confidentialityAgreement.version,
    });
    if (coordinator.kind === 'user') await enrolMember(context, analyst, review.id, coordinator.userId);
    // Most reviews find the two commonest gaps; every third a third one of the vocabulary.
    const categories = [0, 1, ...(i % 3 === 0 ? [2 + (i % (missedOpportunityCategories.length - 2))] : [])];
    for (const c of categories) {
      const category = missedOpportunityCategories[c]?.code ?? 'other';
      await recordMissedOpportunity(context, analyst, review.id, {
        category,
        description: `Demo finding: ${missedOpportunityCategories[c]?.label ?? 'other'}.`,
      });
    }
    await recordRecommendation(context, analyst, review.id, {
      text: 'Leave a naloxone kit and a referral card at every nonfatal overdose response.',
      responsibleOrganization: 'Regional EMS council',
      status: STATUSES[i % STATUSES.length] as RecommendationStatus,
      dueDate: `${MEETING_YEAR + 1}-06-30`,
    });
  }
  return { reviews: candidates.length };
}
