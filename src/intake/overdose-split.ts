import { settleRepeatOverdoses } from '../linkage/repeat-settlement.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { DayRange } from '../surveillance/live/live-feed.js';
import {
  applyRollupDelta,
  insertOverdoseLines,
  overdoseLinePrefix,
  overdoseLines,
  readOverdoses,
} from '../surveillance/overdose-writer.js';
import { addToRollups, emptyRollupDelta } from '../surveillance/rollup-increments.js';
import { lockOrganizationIntake } from './intake-locks.js';
import type { IntakeDependencies } from './intake-service.js';
import { recordOverdosesChanged } from './overdose-events.js';
import { overdoseFromReports, reviveParsedReport } from './overdose-facts.js';
import { rebuildOverdoses } from './overdose-rebuild.js';
import {
  moveReportsById,
  organizationsReportingOverdoses,
  overdosesOfReports,
  readLatestParsedByOverdose,
  reportsOfOverdoseForSplit,
} from './report-repository.js';

/** What a split changed, for the caller to record and announce once its transaction commits. */
export interface OverdoseSplit {
  /** The new overdose the reports now make. */
  overdoseId: string;
  /** Every report (all versions of the records named) that moved into it. */
  movedReportIds: string[];
  /** The overdoses whose facts or repeat status changed. */
  overdoseIds: string[];
  days: DayRange[];
}

/**
 * Splits reports out of overdose `from` into a new overdose of their own, inside the caller's
 * transaction (an analyst undoing a link): each named report goes with every version of its source
 * record; `from` is rebuilt from the reports it keeps and the new overdose is built from the ones that
 * left, the rollups count two overdoses where they counted one, and repeat statuses are settled again.
 * The new overdose takes `preferredId` when no overdose has it (undoing a merge gives the merged-away
 * overdose back its id). The intake of every organization involved is locked first, as a merge does.
 * Without `from`, splits from the overdose the reports are in now (they may have been merged on since).
 * Throws NOT_FOUND without `from`, LINKAGE_SPLIT_STALE when a report is not (or no longer) in it, and
 * OVERDOSE_NOT_LINKED when the split would leave it without reports.
 */
export async function splitOverdose(
  deps: Pick<IntakeDependencies, 'locatorFor'>,
  tx: Queryable,
  jurisdictionId: string,
  split: { from: string | null; reportIds: readonly string[]; preferredId?: string | null },
  now: Date,
): Promise<OverdoseSplit> {
  const from = split.from ?? (await theOverdoseOfReports(tx, jurisdictionId, split.reportIds));
  for (const organizationId of await organizationsReportingOverdoses(tx, jurisdictionId, [from]))
    await lockOrganizationIntake(tx, jurisdictionId, organizationId);
  const [old] = await readOverdoses(tx, jurisdictionId, [from]);
  if (!old) throw new SosError('NOT_FOUND', 'No overdose by that id');
  const reports = await reportsOfOverdoseForSplit(tx, jurisdictionId, from, split.reportIds);
  const named = new Set(reports.filter((r) => r.named).map((r) => r.id));
  const missing = [...new Set(split.reportIds)].filter((id) => !named.has(id));
  if (missing.length > 0)
    throw new SosError(
      'LINKAGE_SPLIT_STALE',
      `Reports not (or no longer) part of this overdose: ${missing.join(', ')}`,
    );
  const moving = reports.filter((r) => r.moving).map((r) => r.id);
  if (moving.length === reports.length)
    throw new SosError(
      'OVERDOSE_NOT_LINKED',
      'The overdose would keep no report: split out only some of its sources',
    );
  const preferred = split.preferredId ?? null;
  const taken = preferred ? await readOverdoses(tx, jurisdictionId, [preferred]) : [];
  const into = preferred && taken.length === 0 ? preferred : newId(now.getTime());

  const locator = await deps.locatorFor(jurisdictionId);
  const delta = emptyRollupDelta();
  await moveReportsById(tx, jurisdictionId, moving, into);
  await rebuildOverdoses(tx, jurisdictionId, [from], locator, delta, now);
  const parsed = (await readLatestParsedByOverdose(tx, jurisdictionId, [into])).get(into) ?? [];
  const revived = parsed
    .map(reviveParsedReport)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const created = overdoseFromReports(into, revived, locator);
  await insertOverdoseLines(
    tx,
    overdoseLines(overdoseLinePrefix(jurisdictionId, now), jurisdictionId, created),
  );
  addToRollups(delta, created, 1);
  const repeats = await settleRepeatOverdoses(
    tx,
    jurisdictionId,
    { matchKeys: [], overdoseIds: [from, into] },
    delta,
  );
  await applyRollupDelta(tx, jurisdictionId, delta);
  await recordOverdosesChanged(tx, jurisdictionId, [from, into]);
  const days = delta.changedDays();
  return {
    overdoseId: into,
    movedReportIds: moving,
    overdoseIds: [...new Set([from, into, ...repeats])],
    days: days ? [days] : [],
  };
}

/** The one overdose the reports are in; LINKAGE_SPLIT_STALE when they were split apart (or are gone). */
async function theOverdoseOfReports(
  tx: Queryable,
  jurisdictionId: string,
  reportIds: readonly string[],
): Promise<string> {
  const [only, ...more] = await overdosesOfReports(tx, jurisdictionId, reportIds);
  if (!only || more.length > 0)
    throw new SosError(
      'LINKAGE_SPLIT_STALE',
      'These reports are no longer in one overdose: split apart since',
    );
  return only;
}
