import type { Queryable } from '../platform/database.js';
import type { AreaLocator } from '../surveillance/area-locator.js';
import type { OverdoseRecord } from '../surveillance/overdose-record.js';
import { readOverdoses, replaceOverdose } from '../surveillance/overdose-writer.js';
import { addToRollups, type RollupDelta } from '../surveillance/rollup-increments.js';
import { overdoseFromReports, reviveParsedReport } from './overdose-facts.js';
import { readLatestParsedByOverdose } from './report-repository.js';

/**
 * Rebuilds overdoses whose reports changed (a correction, a newly linked report, a confirmed link):
 * takes their old facts out of the rollups, rebuilds each from the newest version of each of its
 * reports, and counts it again. Its repeat status is not a fact of its reports: it stays until settled.
 * Returns the rebuilt overdoses by id.
 */
export async function rebuildOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  ids: string[],
  locator: AreaLocator,
  delta: RollupDelta,
  now: Date,
): Promise<Map<string, OverdoseRecord>> {
  const rebuiltById = new Map<string, OverdoseRecord>();
  const previous = await readOverdoses(tx, jurisdictionId, ids);
  const parsedByOverdose = await readLatestParsedByOverdose(tx, jurisdictionId, ids);
  for (const old of previous) {
    addToRollups(delta, old, -1);
    const reports = (parsedByOverdose.get(old.id) ?? []).map(reviveParsedReport);
    reports.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const rebuilt = { ...overdoseFromReports(old.id, reports, locator), repeatStatus: old.repeatStatus };
    await replaceOverdose(tx, jurisdictionId, rebuilt, now);
    addToRollups(delta, rebuilt, 1);
    rebuiltById.set(rebuilt.id, rebuilt);
  }
  return rebuiltById;
}
