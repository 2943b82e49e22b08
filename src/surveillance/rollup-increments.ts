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
  /** The overdose's area in each layer; layer 'h3r7' holds its H3 cell. */
  areas: readonly { layerId: string; areaId: string }[];
}

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

/**
 * Adds one overdose (sign +1) or removes it (sign -1, when a correction replaces it) to a delta.
 * An overdose counts once per area row: its primary source type is the first one that reported it, so
 * linked reports from several sources never count it twice.
 */
export function addToRollups(delta: RollupDelta, facts: RollupFacts, sign: 1 | -1): void {
  const day = facts.occurredDate;
  const source = facts.sourceTypes[0] ?? 'other';
  const fatal = fatalClass(facts.fatal);
  const areaKey = (layerId: string, areaId: string) =>
    [layerId, areaId, day, source, fatal].join(KEY_SEPARATOR);
  bump(delta.area, areaKey('', ''), sign);
  for (const area of facts.areas) bump(delta.area, areaKey(area.layerId, area.areaId), sign);

  const dimension = (name: string, value: string) =>
    bump(delta.dimension, [name, value, day].join(KEY_SEPARATOR), sign);
  dimension('sex', facts.sex ?? 'unknown');
  dimension('age_band', facts.ageBand ?? 'unknown');
  dimension('race', facts.race ?? 'unknown');
  dimension('ethnicity', facts.ethnicity ?? 'unknown');
  dimension('naloxone_given', facts.naloxoneGiven === null ? 'unknown' : String(facts.naloxoneGiven));
  dimension('disposition', facts.disposition ?? 'unknown');
  dimension('fatal', fatal);
  dimension('source_type', source);
  for (const substance of facts.substances.length ? facts.substances : ['none_recorded'])
    dimension('substance', substance);
  for (const definition of facts.caseDefinitions) dimension('case_definition', definition);
}
