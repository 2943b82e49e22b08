import type { Queryable } from '../platform/database.js';
import { enqueueEvent } from '../platform/outbox/outbox-store.js';
import { recordLiveChange } from '../surveillance/live/live-log.js';

/** The outbox topic of a committed batch that added or changed overdoses (alerts evaluate on it). */
export const OVERDOSES_CHANGED = 'overdoses.changed';

/** The payload of an OVERDOSES_CHANGED event. */
export interface OverdosesChanged {
  jurisdictionId: string;
  /** The overdoses added or changed (push connectors send them); empty in events written before it. */
  overdoseIds: string[];
}

/** Writes an OVERDOSES_CHANGED event in the batch's transaction, so it is never lost once committed. */
export async function enqueueOverdosesChanged(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<void> {
  const payload: OverdosesChanged = { jurisdictionId, overdoseIds: [...overdoseIds] };
  await enqueueEvent(tx, OVERDOSES_CHANGED, payload);
}

/**
 * Writes an OVERDOSES_CHANGED event in the batch's transaction, so it is never lost once committed,
 * and the change to the live log that open dashboards resume from (its position lock is taken here,
 * late in the transaction, so it is held briefly).
 */
export async function recordOverdosesChanged(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<void> {
  await enqueueOverdosesChanged(tx, jurisdictionId, overdoseIds);
  await recordLiveChange(tx, jurisdictionId, overdoseIds);
}

/** Reads an OVERDOSES_CHANGED payload, or throws when it is not one (a row written by hand). */
export function readOverdosesChanged(payload: unknown): OverdosesChanged {
  const p = (payload ?? {}) as { jurisdictionId?: unknown; overdoseIds?: unknown };
  if (typeof p.jurisdictionId !== 'string') throw new Error(`Not an ${OVERDOSES_CHANGED} payload`);
  const ids = Array.isArray(p.overdoseIds) ? p.overdoseIds.filter((id) => typeof id === 'string') : [];
  return { jurisdictionId: p.jurisdictionId, overdoseIds: ids };
}
