import { decideAccess } from '../access/access-decision.js';
import { authorizeUser, type SignedInUser } from '../access/authorize.js';
import { findJurisdiction, listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { addDays } from '../platform/calendar-days.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { localDateOf } from '../platform/time-zones.js';
import { areaNamesOfLayer, layersOf } from '../surveillance/layer-geometry-service.js';
import { countResultsByWeek, countSubstancesByWeek } from './drug-check-repository.js';
import { type DrugCheckKind, drugCheckKinds, methodsOfKind } from './drug-check-result.js';
import { adulterantSignals, type DrugCheckSignal } from './drug-check-signals.js';
import { substanceVocabulary } from './drug-check-vocabulary.js';
import { weekStartOf } from './drug-check-week.js';

/** The results of one area and week of a layer: counts only. */
export interface AreaWeekCount {
  weekStart: string;
  areaId: string;
  areaName: string;
  byKind: Record<DrugCheckKind, number>;
  substances: { substance: string; results: number }[];
}

/** The layer counted: the one asked for, else the jurisdiction's first; null when it has none. */
async function layerOf(
  db: Queryable,
  jurisdictionId: string,
  asked: string | undefined,
): Promise<string | null> {
  const layers = await layersOf(db, jurisdictionId);
  if (asked === undefined) return layers[0]?.id ?? null;
  if (!layers.some((l) => l.id === asked))
    throw new SosError('NOT_FOUND', `No layer "${asked}" in this jurisdiction`);
  return asked;
}

/**
 * Results by week and area of a layer (default: the first) for the weeks from `from`'s to `to`'s,
 * newest first, each with its counts by kind and by substance found: T1 (drug_check.read), counts as
 * they are (no person attribute is kept).
 */
export async function weeklyDrugCheckCounts(
  db: Queryable,
  actor: Actor,
  query: { from: string; to: string; layerId?: string | undefined },
): Promise<{ layerId: string | null; weeks: AreaWeekCount[] }> {
  authorizeUser(actor, 'drug_check.read', 'Drug-checking results are read by signed-in users');
  if (query.from > query.to) throw new SosError('VALIDATION_FAILED', 'from is after to', { field: 'from' });
  const layerId = await layerOf(db, actor.jurisdictionId, query.layerId);
  if (layerId === null) return { layerId, weeks: [] };
  const weeks = { fromWeek: weekStartOf(query.from), toWeek: weekStartOf(query.to), layerId };
  const names = new Map(
    (await areaNamesOfLayer(db, actor.jurisdictionId, layerId)).map((a) => [a.id, a.name]),
  );
  const cells = new Map<string, AreaWeekCount>();
  const cell = (weekStart: string, areaId: string) => {
    const key = `${weekStart}|${areaId}`;
    let found = cells.get(key);
    if (!found) {
      found = {
        weekStart,
        areaId,
        areaName: names.get(areaId) ?? areaId,
        byKind: { drug_check: 0, seizure: 0 },
        substances: [],
      };
      cells.set(key, found);
    }
    return found;
  };
  for (const row of await countResultsByWeek(db, actor.jurisdictionId, weeks)) {
    cell(row.weekStart, row.areaId).byKind[row.kind as DrugCheckKind] = row.results;
  }
  for (const row of await countSubstancesByWeek(db, actor.jurisdictionId, weeks)) {
    cell(row.weekStart, row.areaId).substances.push({ substance: row.substance, results: row.results });
  }
  const list = [...cells.values()].sort(
    (a, b) => b.weekStart.localeCompare(a.weekStart) || a.areaName.localeCompare(b.areaName),
  );
  return { layerId, weeks: list };
}

/** What the page's form and filters offer, and what the reader may do. */
export interface DrugCheckChoices {
  mayRead: boolean;
  maySubmit: boolean;
  substances: { code: string; label: string }[];
  kinds: readonly string[];
  methods: { kind: string; methods: readonly string[] }[];
  layers: { id: string; name: string; areas: { id: string; name: string }[] }[];
  /** The organizations the reader may send results for (none without drug_check.submit). */
  organizations: { id: string; name: string }[];
  /** Today in the jurisdiction (a form's dates default to it: a browser's own calendar may be a day off). */
  today: string;
}

/**
 * The vocabulary, kinds, methods, layers with their areas, and the organizations the reader may
 * submit for: for whoever reads drug checking or submits results (either action).
 */
export async function drugCheckChoices(db: Queryable, actor: Actor, now: Date): Promise<DrugCheckChoices> {
  const mayRead = decideAccess(actor, 'drug_check.read').effect === 'allow';
  const maySubmit = decideAccess(actor, 'drug_check.submit').effect === 'allow';
  authorizeUser(actor, mayRead || !maySubmit ? 'drug_check.read' : 'drug_check.submit');
  const layers = [];
  for (const layer of await layersOf(db, actor.jurisdictionId)) {
    layers.push({
      id: layer.id,
      name: layer.name,
      areas: await areaNamesOfLayer(db, actor.jurisdictionId, layer.id),
    });
  }
  const organizations = !maySubmit
    ? []
    : (await listOrganizations(db, actor.jurisdictionId))
        .filter((o) => actor.organizationId === null || o.id === actor.organizationId)
        .map((o) => ({ id: o.id, name: o.name }));
  return {
    mayRead,
    maySubmit,
    substances: substanceVocabulary.map((s) => ({ code: s.code, label: s.label })),
    kinds: drugCheckKinds,
    methods: drugCheckKinds.map((kind) => ({ kind, methods: methodsOfKind[kind] })),
    layers,
    organizations,
    today: localDateOf(now, (await findJurisdiction(db, actor.jurisdictionId))?.timeZone ?? 'UTC'),
  };
}

/** The weeks a page shows when it names none: the twelve weeks to today. */
const DEFAULT_WEEKS = 12;

/** A range of days asked for, its ends defaulting to today and twelve weeks before (the jurisdiction's days). */
export async function dayRange(
  db: Queryable,
  actor: SignedInUser,
  now: Date,
  asked: { from?: string | undefined; to?: string | undefined },
): Promise<{ from: string; to: string }> {
  const jurisdiction = await findJurisdiction(db, actor.jurisdictionId);
  const to = asked.to ?? localDateOf(now, jurisdiction?.timeZone ?? 'UTC');
  return { from: asked.from ?? addDays(to, -7 * DEFAULT_WEEKS + 1), to };
}

/** The signals of a range with their areas' names, newest first (drug_check.read, through `adulterantSignals`). */
export async function readSignals(
  db: Queryable,
  actor: Actor,
  query: { from: string; to: string; layerId?: string | undefined },
): Promise<{ signal: DrugCheckSignal; areaName: string | undefined }[]> {
  const { signals } = await adulterantSignals(db, actor, query);
  authorizeUser(actor, 'drug_check.read');
  const names = new Map<string, Map<string, string>>();
  for (const layerId of new Set(signals.map((s) => s.layer_id))) {
    names.set(
      layerId,
      new Map((await areaNamesOfLayer(db, actor.jurisdictionId, layerId)).map((a) => [a.id, a.name])),
    );
  }
  return signals.map((signal) => ({ signal, areaName: names.get(signal.layer_id)?.get(signal.area_id) }));
}
