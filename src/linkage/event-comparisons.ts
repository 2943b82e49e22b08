import type { EventRecord } from './event-record.js';
import { type ComparisonSpec, MISSING } from './fellegi-sunter/index.js';
import { distanceMetres } from './great-circle.js';

/**
 * The facts compared between two reports of (maybe) one overdose, each cut into agreement levels, the
 * first the most different and the last the closest. A fact that cannot be compared for a pair (a side
 * does not state it) is MISSING and weighs nothing. Time is compared when both sides have a time of
 * day, the day when one has a date only (a medical examiner's record); distance when both points are
 * the incident's own, the place (ZIP, city, county) when one side only has a centroid.
 */
export const EVENT_COMPARISONS: readonly ComparisonSpec[] = [
  {
    name: 'time',
    levels: ['over 3 hours apart', '1 to 3 hours apart', '15 to 60 minutes apart', 'within 15 minutes'],
  },
  {
    name: 'arrival',
    levels: ['before the scene report', 'over 3 hours after', '1 to 3 hours after', 'within the hour after'],
  },
  { name: 'day', levels: ['another day', 'the same day'] },
  {
    name: 'distance',
    levels: ['over 2 km apart', '500 m to 2 km apart', '100 to 500 m apart', 'within 100 m'],
  },
  { name: 'zip', levels: ['another ZIP', 'the same ZIP'] },
  { name: 'city', levels: ['another county', 'the same county', 'the same city'] },
  {
    name: 'age',
    levels: ['ages over 5 years apart', 'ages 2 to 5 years apart', 'ages 1 year apart', 'the same age'],
  },
  { name: 'sex', levels: ['different sexes', 'the same sex'] },
  { name: 'source_type', levels: ['the same source type', 'different source types'] },
  { name: 'person', levels: ['different persons', 'the same person'] },
  { name: 'fatal', levels: ['fatal on one side only', 'non-fatal on both sides', 'fatal on both sides'] },
];

/** Field positions in `EVENT_COMPARISONS`. */
export enum EventField {
  Time = 0,
  Arrival = 1,
  Day = 2,
  Distance = 3,
  Zip = 4,
  City = 5,
  Age = 6,
  Sex = 7,
  SourceType = 8,
  Person = 9,
  Fatal = 10,
}

/** How many facts a pair compares: the bytes a pair takes in a comparison matrix. */
export const EVENT_FIELD_COUNT = EVENT_COMPARISONS.length;

const MINUTE = 60_000;

/** Whether a sex is stated (missing and 'unknown' say nothing). */
function knownSex(sex: string | null): sex is string {
  return sex !== null && sex !== '' && sex !== 'unknown';
}

function timeLevel(gapMs: number): number {
  if (gapMs <= 15 * MINUTE) return 3;
  if (gapMs <= 60 * MINUTE) return 2;
  if (gapMs <= 180 * MINUTE) return 1;
  return 0;
}

function distanceLevel(metres: number): number {
  if (metres <= 100) return 3;
  if (metres <= 500) return 2;
  if (metres <= 2000) return 1;
  return 0;
}

function ageLevel(years: number): number {
  if (years === 0) return 3;
  if (years === 1) return 2;
  if (years <= 5) return 1;
  return 0;
}

/** The arrival level: how long after the scene report (the one with its own point) the other came. */
function arrivalLevel(scene: EventRecord, other: EventRecord): number {
  const after = other.at - scene.at;
  if (after < -60 * MINUTE) return 0;
  if (after <= 60 * MINUTE) return 3;
  if (after <= 180 * MINUTE) return 2;
  return 1;
}

/** The city level (when no ZIP is compared): same city, else same county, else another; MISSING when neither. */
function cityLevel(a: EventRecord, b: EventRecord): number {
  if (a.city !== null && b.city !== null && a.city === b.city) return 2;
  if (a.county !== null && b.county !== null) return a.county === b.county ? 1 : 0;
  if (a.city !== null && b.city !== null) return 0;
  return MISSING;
}

/** Whether a record's point is the incident's own. */
function atScene(r: EventRecord): boolean {
  return r.precise && r.latitude !== null;
}

/** The distance between two records' points in metres (both must have one). */
function metresApart(a: EventRecord, b: EventRecord): number {
  return distanceMetres(
    a.latitude as number,
    a.longitude as number,
    b.latitude as number,
    b.longitude as number,
  );
}

/** Writes the levels of the pair (a, b) into `out` from `offset` (EVENT_FIELD_COUNT bytes). */
export function compareEvents(a: EventRecord, b: EventRecord, out: Uint8Array, offset = 0): void {
  const bothTimed = a.timeKnown && b.timeKnown;
  const sceneA = atScene(a);
  const sceneB = atScene(b);
  const bothPrecise = sceneA && sceneB;
  out[offset + EventField.Time] = bothTimed && bothPrecise ? timeLevel(Math.abs(a.at - b.at)) : MISSING;
  out[offset + EventField.Arrival] =
    !bothTimed || bothPrecise
      ? MISSING
      : sceneA || sceneB
        ? sceneA
          ? arrivalLevel(a, b)
          : arrivalLevel(b, a)
        : timeLevel(Math.abs(a.at - b.at));
  out[offset + EventField.Day] = bothTimed ? MISSING : a.day === b.day ? 1 : 0;
  out[offset + EventField.Distance] = bothPrecise ? distanceLevel(metresApart(a, b)) : MISSING;
  const zips = !bothPrecise && a.zip !== null && b.zip !== null;
  out[offset + EventField.Zip] = zips ? (a.zip === b.zip ? 1 : 0) : MISSING;
  out[offset + EventField.City] = bothPrecise || zips ? MISSING : cityLevel(a, b);
  out[offset + EventField.Age] =
    a.age !== null && b.age !== null ? ageLevel(Math.abs(a.age - b.age)) : MISSING;
  out[offset + EventField.Sex] = knownSex(a.sex) && knownSex(b.sex) ? (a.sex === b.sex ? 1 : 0) : MISSING;
  out[offset + EventField.SourceType] = a.sourceType === b.sourceType ? 0 : 1;
  out[offset + EventField.Person] =
    a.matchKey !== null && b.matchKey !== null ? (a.matchKey === b.matchKey ? 1 : 0) : MISSING;
  out[offset + EventField.Fatal] =
    a.fatal !== null && b.fatal !== null ? (a.fatal !== b.fatal ? 0 : a.fatal ? 2 : 1) : MISSING;
}

/** What was compared for one fact of a pair, in words for the analyst (no identifiers). */
export function describeComparison(a: EventRecord, b: EventRecord, field: EventField): string {
  switch (field) {
    case EventField.Time:
      return a.timeKnown && b.timeKnown
        ? `${Math.round(Math.abs(a.at - b.at) / MINUTE)} minutes apart`
        : 'a time of day on one side only';
    case EventField.Arrival:
      return a.timeKnown && b.timeKnown
        ? `${Math.round(Math.abs(a.at - b.at) / MINUTE)} minutes apart`
        : 'a time of day on one side only';
    case EventField.Day:
      return a.day === b.day ? 'the same day' : `${Math.abs(a.day - b.day)} day(s) apart`;
    case EventField.Distance:
      return a.latitude !== null && b.latitude !== null
        ? `${Math.round(metresApart(a, b))} m apart`
        : 'no point on one side';
    case EventField.Zip:
      return a.zip !== null && b.zip !== null
        ? a.zip === b.zip
          ? 'the same ZIP'
          : 'another ZIP'
        : 'no ZIP on one side';
    case EventField.City: {
      const level = cityLevel(a, b);
      return level === MISSING ? 'no city on one side' : (EVENT_COMPARISONS[field]?.levels[level] ?? '');
    }
    case EventField.Age:
      return a.age !== null && b.age !== null
        ? `ages differ by ${Math.abs(a.age - b.age)} year(s)`
        : 'age not stated on one side';
    case EventField.Sex:
      return knownSex(a.sex) && knownSex(b.sex)
        ? a.sex === b.sex
          ? 'same sex'
          : 'different sex'
        : 'sex not stated on one side';
    case EventField.SourceType:
      return `${a.sourceType} and ${b.sourceType}`;
    case EventField.Person:
      return a.matchKey !== null && b.matchKey !== null
        ? a.matchKey === b.matchKey
          ? 'the same person by name and birth date'
          : 'different persons by name and birth date'
        : 'no person named on one side';
    case EventField.Fatal:
      return a.fatal !== null && b.fatal !== null
        ? `${a.fatal ? 'fatal' : 'non-fatal'} and ${b.fatal ? 'fatal' : 'non-fatal'}`
        : 'outcome not stated on one side';
  }
}
