import { settleRepeatOverdoses } from '../linkage/repeat-settlement.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import type { DayRange } from '../surveillance/live/live-feed.js';
import { applyRollupDelta, deleteOverdose, readOverdoses } from '../surveillance/overdose-writer.js';
import { addToRollups, emptyRollupDelta } from '../surveillance/rollup-increments.js';
import { lockOrganizationIntake } from './intake-locks.js';
import type { IntakeDependencies } from './intake-service.js';
import { recordOverdosesChanged } from './overdose-events.js';
import { rebuildOverdoses } from './overdose-rebuild.js';
import { moveReportsToOverdose, organizationsReportingOverdoses } from './report-repository.js';

/** What a merge changed, for the caller to announce once its transaction commits. */
export interface OverdoseMerge {
  overdoseIds: string[];
  days: DayRange[];
  /** Every report (all versions) that moved into the kept overdose. */
  movedReportIds: string[];
}

/**
 * Merges overdose `from` into `into` inside the caller's transaction (a link an analyst confirmed):
 * every report of `from` moves to `into`, `from` is deleted, `into` is rebuilt from all its reports,
 * the rollups count one overdose where they counted two, and repeat statuses are settled again. The
 * intake of every organization involved is locked first (in one order), so no batch links to `from`
 * meanwhile. Throws LINKAGE_REVIEW_STALE when either overdose is gone (merged away since).
 */
export async function mergeOverdoses(
  deps: Pick<IntakeDependencies, 'locatorFor'>,
  tx: Queryable,
  jurisdictionId: string,
  merge: { from: string; into: string },
  now: Date,
): Promise<OverdoseMerge> {
  const { from, into } = merge;
  for (const organizationId of await organizationsReportingOverdoses(tx, jurisdictionId, [from, into]))
    await lockOrganizationIntake(tx, jurisdictionId, organizationId);
  const [gone] = from === into ? [] : await readOverdoses(tx, jurisdictionId, [from]);
  const [kept] = await readOverdoses(tx, jurisdictionId, [into]);
  if (!gone || !kept)
    throw new SosError('LINKAGE_REVIEW_STALE', 'One of the two overdoses no longer exists (merged since)');
  const locator = await deps.locatorFor(jurisdictionId);
  const delta = emptyRollupDelta();
  addToRollups(delta, gone, -1);
  const movedReportIds = await moveReportsToOverdose(tx, jurisdictionId, from, into);
  await deleteOverdose(tx, jurisdictionId, from);
  await rebuildOverdoses(tx, jurisdictionId, [into], locator, delta, now);
  const repeats = await settleRepeatOverdoses(
    tx,
    jurisdictionId,
    { matchKeys: [], overdoseIds: [into] },
    delta,
  );
  await applyRollupDelta(tx, jurisdictionId, delta);
  // Alert evaluation hears of the changed counts with the commit, as after an intake batch.
  await recordOverdosesChanged(tx, jurisdictionId, [into]);
  const days = delta.changedDays();
  return { overdoseIds: [...new Set([into, ...repeats])], days: days ? [days] : [], movedReportIds };
}
