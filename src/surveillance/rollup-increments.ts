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
  naloxoneDoses: number | null;
  naloxoneResponse: string | null;
  disposition: string | null;
  caseDefinitions: readonly string[];
  /** The overdose's area in each layer. */
  areas: readonly { layerId: string; areaId: string }[];
  /** Whether its person had another overdose in the year before (see repeat-overdoses.ts). */
  repeatStatus: string;
  /** Its H3 resolution-7 cell, counted as the area of layer 'h3r7' (kept on the overdose, not in overdose_areas). */
  h3R7: string | null;
  /** How many source records describe it: more than one only when linkage joined other organizations'. */
  reportCount: number;
}

/** The facts that place an overdose in a row of the area counts. */
export type AreaCountFacts = Pick<RollupFacts, 'occurredDate' | 'sourceTypes' | 'fatal'>;

/** The dimensions of daily_dimension_counts, numbered (in rollup keys) by their place in this list. */
export const DIMENSIONS = [
  'sex',
  'age_band',
  'race',
  'ethnicity',
  'naloxone_given',
  'disposition',
  'fatal',
  'source_type',
  'substance',
  'case_definition',
  'naloxone_doses',
  'naloxone_response',
  'repeat',
  'reported_by',
  'linked',
] as const;
const dimensionNumber = (name: (typeof DIMENSIONS)[number]) => DIMENSIONS.indexOf(name);
const SEX = dimensionNumber('sex');
const AGE_BAND = dimensionNumber('age_band');
const RACE = dimensionNumber('race');
const ETHNICITY = dimensionNumber('ethnicity');
const NALOXONE_GIVEN = dimensionNumber('naloxone_given');
const DISPOSITION = dimensionNumber('disposition');
const FATAL = dimensionNumber('fatal');
const SOURCE_TYPE = dimensionNumber('source_type');
const SUBSTANCE = dimensionNumber('substance');
const CASE_DEFINITION = dimensionNumber('case_definition');
const NALOXONE_DOSES = dimensionNumber('naloxone_doses');
const NALOXONE_RESPONSE = dimensionNumber('naloxone_response');
const REPEAT = dimensionNumber('repeat');
const REPORTED_BY = dimensionNumber('reported_by');
const LINKED = dimensionNumber('linked');
const FATAL_CLASSES = ['unknown', 'fatal', 'nonfatal'] as const;

/** Numbers the distinct strings it is given, so counts can be keyed by small numbers. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

/** Area-count changes as column arrays (`days` holds months' first days for the monthly counts). */
export interface AreaRows {
  layerIds: string[];
  areaIds: string[];
  days: string[];
  sourceTypes: string[];
  fatal: string[];
  counts: number[];
}

/** The counts of one day: area rows keyed by area, source type and fatal class; dimension rows by value. */
interface DayCounts {
  area: Map<number, number>;
  dimension: Map<number, number>;
}

// Keys are numbers built from interned strings: joining the strings into a key for every count was
// the largest JS cost of the rollups. An area key is area * 2^21 + source type * 4 + fatal class,
// exact as a double for 2^32 areas; a dimension key is value * 16 + dimension (at most 16 dimensions).
const AREA_SHIFT = 2 ** 21;

/** Accumulated changes to the rollup tables (counts to add, negative when overdoses are taken out). */
export class RollupDelta {
  private readonly days = new Map<string, DayCounts>();
  private readonly areaIds = new Map<string, Map<string, number>>();
  private readonly areas: { layerId: string; areaId: string }[] = [];
  private readonly sourceTypes = new Interner();
  private readonly values = DIMENSIONS.map(() => new Interner());

  /** The counts of a day, created empty on first use. */
  countsOf(day: string): DayCounts {
    let counts = this.days.get(day);
    if (!counts) {
      counts = { area: new Map(), dimension: new Map() };
      this.days.set(day, counts);
    }
    return counts;
  }

  /** The key of an area row of a day. */
  areaKey(layerId: string, areaId: string, sourceType: string, fatal: boolean | null): number {
    let ids = this.areaIds.get(layerId);
    if (!ids) {
      ids = new Map();
      this.areaIds.set(layerId, ids);
    }
    let area = ids.get(areaId);
    if (area === undefined) {
      area = this.areas.length;
      this.areas.push({ layerId, areaId });
      ids.set(areaId, area);
    }
    return area * AREA_SHIFT + this.sourceTypes.id(sourceType) * 4 + fatalIndex(fatal);
  }

  /** The key of a dimension row of a day. */
  dimensionKey(dimension: number, value: string): number {
    return (this.values[dimension] as Interner).id(value) * 16 + dimension;
  }

  /** The first and last day with a count that changes, or null when no count does. */
  changedDays(): { first: string; last: string } | null {
    let first: string | null = null;
    let last: string | null = null;
    for (const [day, counts] of this.days) {
      if (counts.area.size === 0 && counts.dimension.size === 0) continue;
      if (first === null || day < first) first = day;
      if (last === null || day > last) last = day;
    }
    return first === null || last === null ? null : { first, last };
  }

  /** The area-count changes as column arrays, zero changes left out. */
  areaRows(): AreaRows {
    const byDay = new Map<string, Map<number, number>>();
    for (const [day, counts] of this.days) byDay.set(day, counts.area);
    return this.rowsOfAreaCounts(byDay);
  }

  /**
   * The area-count changes summed by calendar month (`days` holds each month's first day), zero sums
   * left out. Summed under the same number keys as the days: string keys per row cost more.
   */
  monthlyAreaRows(): AreaRows {
    const byMonth = new Map<string, Map<number, number>>();
    for (const [day, counts] of this.days) {
      const month = `${day.slice(0, 7)}-01`;
      let sums = byMonth.get(month);
      if (!sums) {
        sums = new Map();
        byMonth.set(month, sums);
      }
      for (const [key, count] of counts.area) sums.set(key, (sums.get(key) ?? 0) + count);
    }
    return this.rowsOfAreaCounts(byMonth);
  }

  private rowsOfAreaCounts(byPeriod: ReadonlyMap<string, ReadonlyMap<number, number>>): AreaRows {
    const rows: AreaRows = { layerIds: [], areaIds: [], days: [], sourceTypes: [], fatal: [], counts: [] };
    for (const [day, counts] of byPeriod) {
      for (const [key, count] of counts) {
        if (count === 0) continue;
        const area = this.areas[Math.floor(key / AREA_SHIFT)] as { layerId: string; areaId: string };
        const rest = key % AREA_SHIFT;
        rows.layerIds.push(area.layerId);
        rows.areaIds.push(area.areaId);
        rows.days.push(day);
        rows.sourceTypes.push(this.sourceTypes.values[rest >> 2] as string);
        rows.fatal.push(FATAL_CLASSES[rest & 3] as string);
        rows.counts.push(count);
      }
    }
    return rows;
  }

  /** The dimension-count changes as column arrays, zero changes left out. */
  dimensionRows(): { dimensions: string[]; values: string[]; days: string[]; counts: number[] } {
    const rows = {
      dimensions: [] as string[],
      values: [] as string[],
      days: [] as string[],
      counts: [] as number[],
    };
    for (const [day, counts] of this.days) {
      for (const [key, count] of counts.dimension) {
        const dimension = key & 15;
        rows.dimensions.push(DIMENSIONS[dimension] as string);
        rows.values.push((this.values[dimension] as Interner).values[key >> 4] as string);
        rows.days.push(day);
        rows.counts.push(count);
      }
    }
    return rows;
  }
}

/** An empty delta to accumulate into. */
export function emptyRollupDelta(): RollupDelta {
  return new RollupDelta();
}

function bump(map: Map<number, number>, key: number, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

function fatalIndex(fatal: boolean | null): number {
  if (fatal === null) return 0;
  return fatal ? 1 : 2;
}

/** Counts an overdose in one more area only (a layer imported after the overdose arrived). */
export function addToAreaCounts(
  delta: RollupDelta,
  facts: AreaCountFacts,
  area: { layerId: string; areaId: string },
): void {
  const key = delta.areaKey(area.layerId, area.areaId, facts.sourceTypes[0] ?? 'other', facts.fatal);
  bump(delta.countsOf(facts.occurredDate).area, key, 1);
}

/**
 * Adds one overdose (sign +1) or removes it (sign -1, when a correction replaces it) to a delta.
 * An overdose counts once per area row: its primary source type is the first one that reported it, so
 * linked reports never count it twice. Layer '' with area '' is the whole jurisdiction.
 */
export function addToRollups(delta: RollupDelta, facts: RollupFacts, sign: 1 | -1): void {
  const { area, dimension } = delta.countsOf(facts.occurredDate);
  const source = facts.sourceTypes[0] ?? 'other';
  bump(area, delta.areaKey('', '', source, facts.fatal), sign);
  for (const a of facts.areas) bump(area, delta.areaKey(a.layerId, a.areaId, source, facts.fatal), sign);
  if (facts.h3R7) bump(area, delta.areaKey('h3r7', facts.h3R7, source, facts.fatal), sign);

  const count = (name: number, value: string) => bump(dimension, delta.dimensionKey(name, value), sign);
  count(SEX, facts.sex ?? 'unknown');
  count(AGE_BAND, facts.ageBand ?? 'unknown');
  count(RACE, facts.race ?? 'unknown');
  count(ETHNICITY, facts.ethnicity ?? 'unknown');
  count(NALOXONE_GIVEN, facts.naloxoneGiven === null ? 'unknown' : String(facts.naloxoneGiven));
  count(NALOXONE_DOSES, facts.naloxoneDoses === null ? 'unknown' : String(facts.naloxoneDoses));
  count(NALOXONE_RESPONSE, facts.naloxoneResponse ?? 'unknown');
  count(DISPOSITION, facts.disposition ?? 'unknown');
  count(REPEAT, facts.repeatStatus);
  count(FATAL, FATAL_CLASSES[fatalIndex(facts.fatal)] as string);
  count(SOURCE_TYPE, source);
  if (facts.substances.length === 0) count(SUBSTANCE, 'none_recorded');
  for (const substance of facts.substances) count(SUBSTANCE, substance);
  for (const definition of facts.caseDefinitions) count(CASE_DEFINITION, definition);
  // Every source type that reported it (an overdose EMS and the police reported counts under both),
  // and whether sources were linked into it: the per-source counts and the share linked.
  for (const type of new Set(facts.sourceTypes)) count(REPORTED_BY, type);
  count(LINKED, linkedClass(facts.reportCount));
}

/** 'linked' for an overdose of several source records (of different organizations), else 'single'. */
export function linkedClass(reportCount: number): 'linked' | 'single' {
  return reportCount > 1 ? 'linked' : 'single';
}

/** Moves an overdose of `day` from one repeat status to another (settled after intake's writes). */
export function moveRepeatStatus(delta: RollupDelta, day: string, from: string, to: string): void {
  const { dimension } = delta.countsOf(day);
  bump(dimension, delta.dimensionKey(REPEAT, from), -1);
  bump(dimension, delta.dimensionKey(REPEAT, to), 1);
}
