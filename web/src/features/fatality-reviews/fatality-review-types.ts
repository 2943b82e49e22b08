import type { JsonResponse } from '../../shared/api';

/** A page of reviews as the list answers it. */
export type ReviewList = JsonResponse<'/api/v1/fatality-reviews'>;
/** One review's header: status, meeting, members. */
export type ReviewHeader = ReviewList['reviews'][number];
/** Fatal overdoses without a review. */
export type ReviewCandidates = JsonResponse<'/api/v1/fatality-reviews/candidates'>;
/** Users who may be enrolled. */
export type EligibleMembers = JsonResponse<'/api/v1/fatality-reviews/eligible-members'>;
/** The confidentiality agreement. */
export type Agreement = JsonResponse<'/api/v1/fatality-reviews/agreement'>;
/** A review's case. */
export type ReviewCase = JsonResponse<'/api/v1/fatality-reviews/{reviewId}/case'>;
/** A review's findings. */
export type ReviewFindings = JsonResponse<'/api/v1/fatality-reviews/{reviewId}/findings'>;
/** The annual summary. */
export type AnnualSummary = JsonResponse<'/api/v1/fatality-reviews/summary'>;

/** Words for a code: "in_review" reads "in review". */
export function words(code: string): string {
  return code.replaceAll('_', ' ');
}

/** A local date and time, short. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A source type as people say it: EMS and ED in capitals, the others in words. */
export function sourceName(code: string): string {
  return code.length <= 3 ? code.toUpperCase() : words(code);
}
