import type { Queryable } from '../platform/database.js';
import { enqueueEvent } from '../platform/outbox/outbox-store.js';

/**
 * The outbox topic of a committed batch whose overdoses a responding unit attended, or whose facts a
 * correction or another source changed: whoever looks after responders (a supervisor's debrief
 * prompt after a hard scene) hears of them without intake knowing who does.
 */
export const RESPONSES_REPORTED = 'responses.reported';

/** The payload of a RESPONSES_REPORTED event: the overdoses to look at again, in batch order. */
export interface ResponsesReported {
  jurisdiction_id: string;
  overdose_ids: string[];
}

/** Writes a RESPONSES_REPORTED event in the batch's transaction, so it exists exactly when the reports do. */
export function recordResponsesReported(tx: Queryable, payload: ResponsesReported): Promise<void> {
  return enqueueEvent(tx, RESPONSES_REPORTED, payload);
}

/** Reads a RESPONSES_REPORTED payload, or throws when it is not one (a row written by hand). */
export function readResponsesReported(payload: unknown): ResponsesReported {
  const p = (payload ?? {}) as Record<string, unknown>;
  const ids = p.overdose_ids;
  if (
    typeof p.jurisdiction_id !== 'string' ||
    !Array.isArray(ids) ||
    !ids.every((id) => typeof id === 'string')
  ) {
    throw new Error(`Not a ${RESPONSES_REPORTED} payload`);
  }
  return { jurisdiction_id: p.jurisdiction_id, overdose_ids: ids };
}
