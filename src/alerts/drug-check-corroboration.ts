import { z } from 'zod';
import { corroboratingSignals, type DrugCheckSignal } from '../drug-checking/drug-check-signals.js';
import type { Queryable } from '../platform/database.js';
import type { BacktestResult } from './alert-backtest.js';
import type { Alert, AlertScope } from './alert-rule.js';
import { WINDOW_MS } from './threshold-decision.js';

/** A drug-checking signal that corroborates an alert or a backtest episode: substance, week and area. */
export const corroboratingSignalSchema = z
  .object({
    id: z.string(),
    layer_id: z.string(),
    area_id: z.string(),
    week_start: z.string().describe('The Sunday starting the signal week (YYYY-MM-DD)'),
    substance: z.string(),
    first_seen_in_area: z.boolean(),
    results: z.number().int(),
  })
  .strict();

/** A corroborating signal as it leaves the server. */
export type CorroboratingSignal = z.infer<typeof corroboratingSignalSchema>;

/**
 * The drug-checking signals of an alert's (or episode's) area and days: of the rule's area when it
 * watches one, of any area when it watches the whole jurisdiction. H3 cells are no layer of drug
 * checking (results keep no point), so a rule over a cell is never corroborated.
 */
async function signalsFor(
  db: Queryable,
  jurisdictionId: string,
  scope: AlertScope,
  from: Date,
  to: Date,
): Promise<CorroboratingSignal[]> {
  if (scope.layerId === 'h3r7') return [];
  const area = scope.layerId !== undefined && scope.areaId !== undefined;
  const signals: DrugCheckSignal[] = await corroboratingSignals(db, jurisdictionId, {
    from,
    to,
    ...(area ? { layerId: scope.layerId, areaIds: [scope.areaId as string] } : {}),
  });
  return signals.map((s) => ({
    id: s.id,
    layer_id: s.layer_id,
    area_id: s.area_id,
    week_start: s.week_start,
    substance: s.substance,
    first_seen_in_area: s.first_seen_in_area,
    results: s.results,
  }));
}

/**
 * A backtest's episodes, each with the signals that corroborate it (`corroborated_by`): a signal of
 * the same area in the weeks of the episode's windows (from its first window's start to its last
 * window's end; a window is 24 hours, or a statistical rule's period) or the two weeks before.
 */
export async function withDrugCheckCorroboration(
  db: Queryable,
  jurisdictionId: string,
  rule: { scope: AlertScope; windowMs?: number },
  result: BacktestResult,
): Promise<BacktestResult> {
  const episodes = [];
  for (const episode of result.episodes) {
    const from = new Date(Date.parse(episode.start) - (rule.windowMs ?? WINDOW_MS));
    const to = new Date(episode.end);
    episodes.push({
      ...episode,
      corroborated_by: await signalsFor(db, jurisdictionId, rule.scope, from, to),
    });
  }
  return { ...result, episodes };
}

/** The signals that corroborate a stored alert: its scope's area, from its window's start to its last window's end. */
export async function alertCorroboration(db: Queryable, alert: Alert): Promise<CorroboratingSignal[]> {
  return signalsFor(
    db,
    alert.jurisdictionId,
    alert.details.scope,
    new Date(alert.windowStart),
    new Date(alert.lastWindowEnd),
  );
}
