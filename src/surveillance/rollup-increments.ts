/** The facts of an overdose that the daily rollups count. */
export interface RollupFacts {
  occurredDate: string;
  sourceTypes: readonly string[];
  fatal: boolean | null;
  sex: string | null;
  ageBand: string | null;
  race: string | null;
  ethnicity: string | null;
  substances: readonly string[];
  naloxoneGiven: boolean | null;
  disposition: string | null;
  caseDefinitions: readonly string[];
  /** The overdose's area in each layer. */
  areas: readonly { layerId: string; areaId: string }[];
  /** Its H3 resolution-7 cell, counted as the area of layer 'h3r7' (kept on the overdose, not in overdose_areas). */
  h3R7: string | null;
}

/** The facts that place an overdose in a row of the area counts. */
export type AreaCountFacts = Pick<RollupFacts, 'occurredDate' | 'sourceTypes' | 'fatal'>;

/** Accumulated changes to the rollup tables, keyed by the row key joined with '\u0001'. */
export interface RollupDelta {
  area: Map<string, number>;
  dimension: Map<string, number>;
}

/** The separator inside rollup keys; it cannot occur in codes, dates or area ids we store. */
export const KEY_SEPARATOR = '\u0001';

/** An empty delta to accumulate into. */
export function emptyRollupDelta(): RollupDelta {
  return { area: new Map(), dimension: new Map() };
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

function fatalClass(fatal: boolean | null): string {
  if (fatal === null) return 'unknown';
  return fatal ? 'fatal' : 'nonfatal';
}

/** The area-count key of an overdose in one area (layer '' with area '' is the whole jurisdiction). */
function areaKey(facts: AreaCountFacts, layerId: string, areaId: string): string {
  return `${layerId}\u0001${areaId}\u0001${facts.occurredDate}\u0001${facts.sourceTypes[0] ?? 'other'}\u0001${fatalClass(facts.fatal)}`;
}

/** Counts an overdose in one more area only (a layer imported after the overdose arrived). */
export function addToAreaCounts(
  delta: RollupDelta,
  facts: AreaCountFacts,
  area: { layerId: string; areaId: string },
): void {
  bump(delta.area, areaKey(facts, area.layerId, area.areaId), 1);
}

/**
 * Adds one overdose (sign +1) or removes it (sign -1, when a correction replaces it) to a delta.
 * An overdose counts once per area row: its primary source type is the first one that reported it, so
 * linked reports from several sources never count it twice.
 */
export function addToRollups(delta: RollupDelta, facts: RollupFacts, sign: 1 | -1): void {
  bump(delta.area, areaKey(facts, '', ''), sign);
  for (const area of facts.areas) bump(delta.area, areaKey(facts, area.layerId, area.areaId), sign);
  if (facts.h3R7) bump(delta.area, areaKey(facts, 'h3r7', facts.h3R7), sign);

  const day = `\u0001${facts.occurredDate}`;
  const counts = delta.dimension;
  bump(counts, `sex\u0001${facts.sex ?? 'unknown'}${day}`, sign);
  bump(counts, `age_band\u0001${facts.ageBand ?? 'unknown'}${day}`, sign);
  bump(counts, `race\u0001${facts.race ?? 'unknown'}${day}`, sign);
  bump(counts, `ethnicity\u0001${facts.ethnicity ?? 'unknown'}${day}`, sign);
  bump(counts, `naloxone_given\u0001${facts.naloxoneGiven ?? 'unknown'}${day}`, sign);
  bump(counts, `disposition\u0001${facts.disposition ?? 'unknown'}${day}`, sign);
  bump(counts, `fatal\u0001${fatalClass(facts.fatal)}${day}`, sign);
  bump(counts, `source_type\u0001${facts.sourceTypes[0] ?? 'other'}${day}`, sign);
  if (facts.substances.length === 0) bump(counts, `substance\u0001none_recorded${day}`, sign);
  for (const substance of facts.substances) bump(counts, `substance\u0001${substance}${day}`, sign);
  for (const definition of facts.caseDefinitions)
    bump(counts, `case_definition\u0001${definition}${day}`, sign);
}
