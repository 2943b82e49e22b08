import { authorizeUser } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import { decedentFacts } from '../surveillance/fatal-overdose-facts.js';
import { type AnnualSummary, publishAnnualSummary } from './annual-summary.js';
import {
  countMissedOpportunities,
  countRecommendations,
  reviewsHeldIn,
} from './fatality-review-repository.js';

/**
 * The de-identified annual summary of the jurisdiction's fatality reviews for a year (T0:
 * `fatality_review.read_summary`): the reviews whose meeting fell in the year, their findings counted by
 * category and status and their decedents by person attribute and substance, suppressed with the
 * public's k. Counts only: nothing to audit, no identifier, no date finer than the year.
 */
export async function readAnnualSummary(
  deps: { db: Database },
  actor: Actor,
  year: number,
): Promise<AnnualSummary> {
  authorizeUser(actor, 'fatality_review.read_summary');
  const reviews = await reviewsHeldIn(deps.db, actor.jurisdictionId, year);
  const ids = reviews.map((r) => r.id);
  const facts = await decedentFacts(
    deps.db,
    actor.jurisdictionId,
    reviews.map((r) => r.overdoseId),
  );
  return publishAnnualSummary({
    year,
    reviewsHeld: reviews.length,
    missedOpportunities: await countMissedOpportunities(deps.db, actor.jurisdictionId, ids),
    recommendations: await countRecommendations(deps.db, actor.jurisdictionId, ids),
    decedents: reviews.map(
      (r) =>
        facts.get(r.overdoseId) ?? { ageBand: null, sex: null, race: null, ethnicity: null, substances: [] },
    ),
  });
}
