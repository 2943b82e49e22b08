import { authorize } from '../access/authorize.js';
import { listJurisdictions } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { personsSharingMatchKeys } from '../persons/person-vault.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { findCandidatePairs } from './candidate-pairs.js';
import { compareCandidatePairs, estimateEventModel, MIN_MODEL_PAIRS } from './event-linkage.js';
import { type EventRecord, eventRecordOf, type LinkableFacts } from './event-record.js';
import { readReportsSince, type StoredLinkableReport, saveLinkageModel } from './linkage-model-repository.js';

/** How far back estimation looks: a year of reports holds every season's mix of sources. */
const ESTIMATION_DAYS = 365;

/** What an estimation did: how many reports and candidate pairs it saw, and whether it stored a model. */
export interface ModelEstimation {
  reportCount: number;
  pairCount: number;
  stored: boolean;
  iterations: number | null;
  converged: boolean | null;
  matchShare: number | null;
}

/** The linkage facts of a stored report (its parsed fields as JSON). */
function factsOf(row: StoredLinkableReport): LinkableFacts {
  const parsed = (typeof row.parsed === 'string' ? JSON.parse(row.parsed) : row.parsed) as Record<
    string,
    unknown
  >;
  const value = <T>(key: string): T | null => (parsed[key] ?? null) as T | null;
  return {
    sourceType: String(parsed.sourceType),
    occurredAt: new Date(String(parsed.occurredAt)),
    occurredDate: String(parsed.occurredDate),
    timeKnown: parsed.timeKnown === true,
    latitude: value<number>('latitude'),
    longitude: value<number>('longitude'),
    zip: value<string>('zip'),
    city: value<string>('city'),
    countyFips: value<string>('countyFips'),
    age: value<number>('age'),
    sex: value<string>('sex'),
    fatal: value<boolean>('fatal'),
  };
}

/**
 * Estimates the jurisdiction's linkage model from its own reports of the last year (candidate pairs,
 * u from decoy pairs, m by EM) and stores it with when and from how many pairs; with fewer than
 * `MIN_MODEL_PAIRS` pairs nothing is stored and the closeness rule keeps deciding. Analysts (and the
 * host's command line) may run it.
 */
export async function estimateLinkageModel(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  jurisdictionId: string,
): Promise<ModelEstimation> {
  authorize(actor, 'linkage.review', { type: 'linkage_model', jurisdictionId });
  const now = deps.clock.now();
  const rows = await readReportsSince(
    deps.db,
    jurisdictionId,
    new Date(now.getTime() - ESTIMATION_DAYS * 86_400_000),
  );
  // Which persons are one person is the vault's answer (by match key); nothing is opened.
  const personIds = [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))];
  const keys = await personsSharingMatchKeys(deps.db, jurisdictionId, { personIds, matchKeys: [] });
  const records: EventRecord[] = rows.map((row) =>
    eventRecordOf(
      factsOf(row),
      row.organization_id,
      row.person_id ? (keys.get(row.person_id) ?? null) : null,
    ),
  );
  const pairs = findCandidatePairs(records);
  const none = { iterations: null, converged: null, matchShare: null };
  if (pairs.count < MIN_MODEL_PAIRS)
    return { reportCount: records.length, pairCount: pairs.count, stored: false, ...none };
  const model = estimateEventModel(records, compareCandidatePairs(records, pairs));
  await saveLinkageModel(deps.db, jurisdictionId, {
    model,
    pairCount: pairs.count,
    reportCount: records.length,
    estimatedAt: now,
  });
  return {
    reportCount: records.length,
    pairCount: pairs.count,
    stored: true,
    iterations: model.iterations,
    converged: model.converged,
    matchShare: model.matchShare,
  };
}

/** The scheduled re-estimation's actor. */
const scheduler: Actor = { kind: 'system', label: 'linkage-model-schedule' };

/** The job that re-estimates every jurisdiction's linkage model (daily, at night). */
export const LINKAGE_MODEL_JOB = 'linkage.estimate-models';

/** Re-estimates the linkage model of every jurisdiction, one after another (the scheduled job). */
export async function estimateAllLinkageModels(deps: { db: Database; clock: Clock }): Promise<void> {
  for (const jurisdiction of await listJurisdictions(deps.db))
    await estimateLinkageModel(deps, scheduler, jurisdiction.id);
}
