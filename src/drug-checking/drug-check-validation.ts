import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';
import { type FieldProblem, problem } from '../platform/errors.js';
import {
  type AreaRef,
  type DrugCheckKind,
  type DrugCheckMethod,
  drugCheckKinds,
  drugCheckMethods,
  methodsOfKind,
} from './drug-check-result.js';
import { normalizeSubstance } from './drug-check-vocabulary.js';
import { collectionWeek } from './drug-check-week.js';

/** A result as sent, in the API's (and the CSV header's) names; a CSV row has every value as text. */
export interface DrugCheckInput {
  source_id?: unknown;
  kind?: unknown;
  method?: unknown;
  sold_as?: unknown;
  /** A list, or one text with the names split by `;`, `,` or `|`. */
  substances?: unknown;
  /** A day (YYYY-MM-DD) or an instant (ISO 8601 with offset): coarsened to its week, never stored. */
  collected_on?: unknown;
  /** An area id or name of the layer (the jurisdiction's only layer may be left out). */
  layer?: unknown;
  area?: unknown;
  /** A point, placed in the layers' areas and dropped. */
  latitude?: unknown;
  longitude?: unknown;
}

/** What validation needs to know of the jurisdiction: its calendar and areas. */
export interface DrugCheckPlacing {
  timeZone: string;
  /** Today in the jurisdiction's time zone: a later collection day is refused. */
  today: string;
  /** The layer an area is named in when the sender names none (the jurisdiction's only one), or null. */
  defaultLayerId: string | null;
  /** The area of a layer by its id or (case aside) its name, or a reason it is not one. */
  findArea(layerId: string, area: string): AreaRef | 'no_layer' | 'no_area';
  /** The areas of a point, one per layer it falls in. */
  locate(latitude: number, longitude: number): AreaRef[];
}

/** A result ready to store (but for its ids), with the flags it keeps. */
export interface ValidDrugCheck {
  sourceId: string;
  kind: DrugCheckKind;
  method: DrugCheckMethod;
  soldAs: string | null;
  substances: string[];
  unknownSubstances: string[];
  weekStart: string;
  areas: AreaRef[];
  contentHash: string;
}

/** A result judged: what to store (null when a problem rejects it) and every problem found. */
export interface JudgedDrugCheck {
  result: ValidDrugCheck | null;
  problems: FieldProblem[];
}

const MAX_TEXT = 200;
const MAX_SUBSTANCES = 30;

/** A text value trimmed, '' for a missing one; a problem for any other type. */
function textOf(value: unknown, field: string, problems: FieldProblem[]): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    problems.push(problem(field, 'INVALID_TYPE', 'reject', 'a text is expected'));
    return '';
  }
  const text = value.trim();
  if (text.length > MAX_TEXT) {
    problems.push(problem(field, 'TOO_LONG', 'reject', `at most ${MAX_TEXT} characters`));
    return '';
  }
  return text;
}

/** A number from JSON or text, null when missing; a problem when it is neither. */
function numberOf(value: unknown, field: string, problems: FieldProblem[]): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n)) {
    problems.push(problem(field, 'INVALID_TYPE', 'reject', 'a number is expected'));
    return null;
  }
  return n;
}

/** The names of the substances found: a list, or one text split at `;`, `,` or `|`. */
function substanceNames(value: unknown, problems: FieldProblem[]): string[] {
  if (value === undefined || value === null) return [];
  const names =
    typeof value === 'string'
      ? value.split(/[;,|]/)
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : null;
  if (names === null) {
    problems.push(problem('substances', 'INVALID_TYPE', 'reject', 'a list of names, or names split by ";"'));
    return [];
  }
  const kept = names.map((n) => n.trim()).filter((n) => n !== '');
  if (kept.length > MAX_SUBSTANCES) {
    problems.push(problem('substances', 'TOO_LONG', 'reject', `at most ${MAX_SUBSTANCES} substances`));
    return [];
  }
  const tooLong = kept.find((n) => n.length > MAX_TEXT);
  if (tooLong)
    problems.push(problem('substances', 'TOO_LONG', 'reject', `a name of at most ${MAX_TEXT} characters`));
  return tooLong ? [] : kept;
}

/** The kind and method, each checked against the codes and the method against the kind. */
function kindAndMethod(
  input: DrugCheckInput,
  problems: FieldProblem[],
): { kind: DrugCheckKind; method: DrugCheckMethod } | null {
  const kind = textOf(input.kind, 'kind', problems);
  const method = textOf(input.method, 'method', problems);
  const knownKind = (drugCheckKinds as readonly string[]).includes(kind) ? (kind as DrugCheckKind) : null;
  if (kind === '') problems.push(problem('kind', 'REQUIRED'));
  else if (!knownKind)
    problems.push(
      problem('kind', 'INVALID_CODE', 'reject', `"${kind}" is not one of ${drugCheckKinds.join(', ')}`),
    );
  const knownMethod = (drugCheckMethods as readonly string[]).includes(method)
    ? (method as DrugCheckMethod)
    : null;
  if (method === '') {
    problems.push(problem('method', 'REQUIRED'));
    return null;
  }
  if (!knownMethod) {
    problems.push(
      problem('method', 'INVALID_CODE', 'reject', `"${method}" is not one of ${drugCheckMethods.join(', ')}`),
    );
    return null;
  }
  if (!knownKind) return null;
  if (!methodsOfKind[knownKind].includes(knownMethod)) {
    problems.push(
      problem(
        'method',
        'INVALID_CODE',
        'reject',
        `a ${knownKind} result is tested by ${methodsOfKind[knownKind].join(', ')}, not ${knownMethod}`,
      ),
    );
    return null;
  }
  return { kind: knownKind, method: knownMethod };
}

/** The week of the collection day, refused when missing, unreadable, before 1990 or after today. */
function weekOf(input: DrugCheckInput, placing: DrugCheckPlacing, problems: FieldProblem[]): string | null {
  const text = textOf(input.collected_on, 'collected_on', problems);
  if (text === '') {
    problems.push(problem('collected_on', 'REQUIRED'));
    return null;
  }
  const week = collectionWeek(text, placing.timeZone);
  if (!week) {
    problems.push(problem('collected_on', 'INVALID_DATE', 'reject', `"${text}"`));
    return null;
  }
  if (week.day > placing.today) {
    problems.push(problem('collected_on', 'DATE_IN_FUTURE', 'reject', `after today (${placing.today})`));
    return null;
  }
  if (week.day < '1990-01-01') {
    problems.push(problem('collected_on', 'DATE_TOO_OLD'));
    return null;
  }
  return week.weekStart;
}

/** The areas of the result: the area named in its layer, or those the point falls in (the point is dropped). */
function areasOf(
  input: DrugCheckInput,
  placing: DrugCheckPlacing,
  problems: FieldProblem[],
): AreaRef[] | null {
  const area = textOf(input.area, 'area', problems);
  const layer = textOf(input.layer, 'layer', problems);
  const latitude = numberOf(input.latitude, 'latitude', problems);
  const longitude = numberOf(input.longitude, 'longitude', problems);
  if (area !== '') {
    const layerId = layer || placing.defaultLayerId;
    if (!layerId) {
      problems.push(problem('layer', 'REQUIRED', 'reject', 'name the layer of the area'));
      return null;
    }
    const found = placing.findArea(layerId, area);
    if (found === 'no_layer') {
      problems.push(problem('layer', 'AREA_UNKNOWN', 'reject', `no layer "${layerId}"`));
      return null;
    }
    if (found === 'no_area') {
      problems.push(problem('area', 'AREA_UNKNOWN', 'reject', `no area "${area}" in layer "${layerId}"`));
      return null;
    }
    return [found];
  }
  if (latitude === null && longitude === null) {
    problems.push(
      problem('area', 'REQUIRED', 'reject', 'an area (with its layer) or a latitude and longitude'),
    );
    return null;
  }
  if (latitude === null || longitude === null) {
    problems.push(problem(latitude === null ? 'latitude' : 'longitude', 'COORDINATE_PAIR_INCOMPLETE'));
    return null;
  }
  if (latitude < -90 || latitude > 90) problems.push(problem('latitude', 'LATITUDE_OUT_OF_RANGE'));
  if (longitude < -180 || longitude > 180) problems.push(problem('longitude', 'LONGITUDE_OUT_OF_RANGE'));
  if (problems.some((p) => p.field === 'latitude' || p.field === 'longitude')) return null;
  const areas = placing.locate(latitude, longitude);
  if (areas.length === 0) {
    problems.push(problem('latitude', 'OUTSIDE_JURISDICTION'));
    return null;
  }
  return areas;
}

/** A digest of what a result says, so a result sent again unchanged is known as a duplicate. */
function contentHashOf(result: Omit<ValidDrugCheck, 'contentHash' | 'sourceId'>): string {
  const content = {
    ...result,
    substances: [...result.substances].sort(),
    unknownSubstances: [...result.unknownSubstances].sort(),
    areas: [...result.areas].sort((a, b) => a.layerId.localeCompare(b.layerId)),
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Judges one result, pure: every field's problems at once (a `reject` quarantines it); substance
 * names normalized to the vocabulary, unknown ones kept as written and flagged (`UNKNOWN_VALUE`);
 * the day coarsened to its week's Sunday and a point replaced by its areas.
 */
export function judgeDrugCheck(input: DrugCheckInput, placing: DrugCheckPlacing): JudgedDrugCheck {
  const problems: FieldProblem[] = [];
  const sourceId = textOf(input.source_id, 'source_id', problems);
  if (sourceId === '' && !problems.some((p) => p.field === 'source_id'))
    problems.push(problem('source_id', 'REQUIRED'));
  const kindMethod = kindAndMethod(input, problems);
  const weekStart = weekOf(input, placing, problems);
  const areas = areasOf(input, placing, problems);
  const substances = new Set<string>();
  const unknown = new Set<string>();
  for (const name of substanceNames(input.substances, problems)) {
    const found = normalizeSubstance(name);
    if ('code' in found) substances.add(found.code);
    else unknown.add(found.unknown);
  }
  for (const name of unknown) {
    problems.push(
      problem('substances', 'UNKNOWN_VALUE', 'flag', `"${name}" (kept as written for the vocabulary)`),
    );
  }
  const soldAsText = textOf(input.sold_as, 'sold_as', problems);
  const soldAsFound = soldAsText === '' ? null : normalizeSubstance(soldAsText);
  const soldAs = soldAsFound === null ? null : 'code' in soldAsFound ? soldAsFound.code : soldAsFound.unknown;
  if (soldAsFound && 'unknown' in soldAsFound) {
    problems.push(problem('sold_as', 'UNKNOWN_VALUE', 'flag', `"${soldAsFound.unknown}" (kept as written)`));
  }
  if (problems.some((p) => p.severity === 'reject') || !kindMethod || !weekStart || !areas) {
    return { result: null, problems };
  }
  const content = {
    ...kindMethod,
    soldAs,
    substances: [...substances],
    unknownSubstances: [...unknown],
    weekStart,
    areas,
  };
  return { result: { sourceId, ...content, contentHash: contentHashOf(content) }, problems };
}
