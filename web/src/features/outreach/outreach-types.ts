// The outreach API's answers under the names the outreach pages use, taken from the server's OpenAPI
// document through shared/api-responses.ts, so a change of a route's schema fails the web's type check.
import type {
  OutreachCaseDetail,
  OutreachCaseList,
  OutreachCaseSummary,
  OutreachProgram,
  OutreachProgramList,
  OutreachProgramOutcomes,
  OutreachQueueHealth,
  OutreachReferralOptions,
} from '../../shared/api-responses';

/** An outreach program with its team. */
export type Program = OutreachProgram;
/** GET /programs. */
export type ProgramList = OutreachProgramList;
/** An outreach case as the queue shows it: no identifiers. */
export type CaseSummary = OutreachCaseSummary;
/** GET /cases: one page of the queue. */
export type CaseList = OutreachCaseList;
/** GET /cases/:caseId: the case with the person and its history. */
export type CaseDetail = OutreachCaseDetail;
/** GET /programs/:programId/queue-health. */
export type QueueHealth = OutreachQueueHealth;
/** GET /programs/:programId/outcomes: the funnel, small counts suppressed. */
export type ProgramOutcomes = OutreachProgramOutcomes;
/** GET /cases/:caseId/referral-options: the consents and agreements a referral to a service may name. */
export type ReferralOptions = OutreachReferralOptions;
