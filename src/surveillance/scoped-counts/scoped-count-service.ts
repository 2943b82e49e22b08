// What other modules (alerts) may count of overdoses in a scope: one statement each, over the
// overdose tables that only surveillance reads. No actor: each caller is a service that has already
// checked its own reader, or the alert evaluator running for the jurisdiction.

/** Overdoses in scope per 24-hour window, or per bucket of any width (for each primary source type apart). */
/** How many primary source types the overdoses in scope of a time range have. */
/** When the jurisdiction's newest overdose occurred, or null. */
export {
  countBuckets,
  countBucketsBySourceType,
  countSourceTypes,
  countWindows,
  newestOverdoseAt,
} from './scoped-count-store.js';
