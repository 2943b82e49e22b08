import { createHash } from 'node:crypto';
import { authorizeUser } from '../access/authorize.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { localDateOf } from '../platform/time-zones.js';
import {
  type AdulterantSignalFinding,
  adulterantSignalFindings,
  corroborationWeeks,
  historyStart,
} from './adulterant-signal-rule.js';
import { countSubstancesByWeek } from './drug-check-repository.js';
import { weekStartOf } from './drug-check-week.js';

/** A substance found in an area in a week that raised a signal (first seen there, or a rise). */
export interface DrugCheckSignal {
  /** Stable: the same area, week and substance always have the same id (community alerts name it). */
  id: string;
  area_id: string;
  layer_id: string;
  /** The Sunday starting the week (YYYY-MM-DD). */
  week_start: string;
  substance: string;
  first_seen_in_area: boolean;
  /** Results of the area and week that held the substance. */
  results: number;
}

/** Days of the jurisdiction ('YYYY-MM-DD'), or instants read in its time zone. */
export interface SignalRange {
  from: string | Date;
  to: string | Date;
  /** Only these areas (of `layerId` when given); all when absent. */
  areaIds?: readonly string[] | undefined;
  layerId?: string | undefined;
}

/** A signal's stable id from its jurisdiction, layer, area, week and substance. */
function signalId(jurisdictionId: string, f: AdulterantSignalFinding): string {
  const digest = createHash('sha256')
    .update([jurisdictionId, f.layerId, f.areaId, f.weekStart, f.substance].join('\u0000'))
    .digest('hex');
  return `dcs_${digest.slice(0, 24)}`;
}

/** The signals of the weeks starting in [fromWeek, toWeek], judged on the counts since their look-back. */
async function signalsOfWeeks(
  db: Queryable,
  jurisdictionId: string,
  weeks: { fromWeek: string; toWeek: string },
  where: { areaIds?: readonly string[] | undefined; layerId?: string | undefined },
): Promise<DrugCheckSignal[]> {
  if (weeks.fromWeek > weeks.toWeek) return [];
  const counts = await countSubstancesByWeek(db, jurisdictionId, {
    fromWeek: historyStart(weeks.fromWeek),
    toWeek: weeks.toWeek,
    layerId: where.layerId,
    areaIds: where.areaIds,
  });
  return adulterantSignalFindings(counts, weeks.fromWeek, weeks.toWeek).map((f) => ({
    id: signalId(jurisdictionId, f),
    area_id: f.areaId,
    layer_id: f.layerId,
    week_start: f.weekStart,
    substance: f.substance,
    first_seen_in_area: f.firstSeenInArea,
    results: f.results,
  }));
}

/** A range's ends as days of the jurisdiction. */
async function daysOf(db: Queryable, jurisdictionId: string, range: SignalRange): Promise<[string, string]> {
  if (typeof range.from === 'string' && typeof range.to === 'string') return [range.from, range.to];
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  const zone = jurisdiction?.timeZone ?? 'UTC';
  const day = (end: string | Date) => (typeof end === 'string' ? end : localDateOf(end, zone));
  return [day(range.from), day(range.to)];
}

/**
 * The adulterant signals of the weeks that start from `from`'s week to `to`'s, newest first: T1,
 * for the roles that read drug checking (drug_check.read) in their own jurisdiction.
 */
export async function adulterantSignals(
  db: Queryable,
  actor: Actor,
  range: SignalRange,
): Promise<{ signals: DrugCheckSignal[] }> {
  authorizeUser(actor, 'drug_check.read', 'Drug-checking signals are read by signed-in users');
  const [fromDay, toDay] = await daysOf(db, actor.jurisdictionId, range);
  if (fromDay > toDay) throw new SosError('VALIDATION_FAILED', 'from is after to', { field: 'from' });
  const weeks = { fromWeek: weekStartOf(fromDay), toWeek: weekStartOf(toDay) };
  return { signals: await signalsOfWeeks(db, actor.jurisdictionId, weeks, range) };
}

/**
 * The signals that corroborate an overdose episode of the days `from` to `to` in these areas (all
 * areas when `areaIds` is absent): those of the episode's weeks and the two weeks before. No actor:
 * the alerts' services call it after authorizing their own reader.
 */
export async function corroboratingSignals(
  db: Queryable,
  jurisdictionId: string,
  range: SignalRange,
): Promise<DrugCheckSignal[]> {
  const [fromDay, toDay] = await daysOf(db, jurisdictionId, range);
  if (fromDay > toDay) return [];
  return signalsOfWeeks(db, jurisdictionId, corroborationWeeks(fromDay, toDay, weekStartOf), range);
}
