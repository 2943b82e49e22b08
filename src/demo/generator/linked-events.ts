import { cellToLatLng, cellToParent, gridDisk, latLngToCell } from 'h3-js';
import type { EventRecord } from '../../linkage/event-record.js';
import { distanceKm, offsetByKm, type Point, type Town, towns } from './connecticut.js';
import { drawBaselinePlace } from './places.js';
import { Random } from './random.js';

/**
 * Reports of one overdose from several sources, with the truth known: the test set of cross-source
 * linkage. Each generated event (one person's overdose at one time and place) is reported by EMS,
 * police, the emergency department and, when fatal, the medical examiner, each with its own noise: EMS
 * and police minutes apart at the scene with their own GPS; the ED hours later at the hospital, placed
 * by the incident's ZIP (its centroid); the ME by date and city only. Ages are off by one here and
 * there, police estimate them, sex is sometimes missing, and the vault's match key is there when a
 * source named the person. Unrelated events come close in time and place (two overdoses from one bad
 * batch), and people overdose again on other days. Seeded: the same seed gives the same set.
 */

/** A generated report with the event it belongs to. */
export interface GeneratedReport extends EventRecord {
  /** The true event (the overdose this report describes). */
  event: number;
}

/** What to generate. */
export interface LinkedEventsOptions {
  events: number;
  seed: number;
  /** Events a day on average (the density that decides how many unrelated events come close). */
  eventsPerDay?: number;
  /** Share of events with an unrelated twin within a few hundred metres and the hour. */
  twinShare?: number;
  /** The first day's midnight (UTC, ms); 2025-01-01 by default. */
  start?: number;
}

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** The cell of a point's fake ZIP: its resolution-6 cell (about 36 km², town-sized). */
function zipCellOf(point: Point): string {
  return latLngToCell(point.lat, point.lon, 6);
}

/** A cell written as a code of `digits` digits after `prefix` (a fake ZIP or county FIPS code). */
function codeOf(cell: string, prefix: string, digits: number): string {
  const n = Number.parseInt(cell.slice(-9), 16) % 10 ** digits;
  return prefix + String(n).padStart(digits, '0');
}

/** The town whose centre is nearest: the city a source names. */
function nearestTown(point: Point): Town {
  let best = towns[0] as Town;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const town of towns) {
    const km = distanceKm(point, town);
    if (km < bestKm) {
      best = town;
      bestKm = km;
    }
  }
  return best;
}

/** The hospitals: every third town has one, the ED nearest the scene takes the patient. */
const hospitals = towns.filter((_, i) => i % 3 === 0);

/** A person who may overdose more than once, with a match key as the vault would compute it. */
interface GeneratedPerson {
  key: string;
  birthYear: number;
  sex: 'male' | 'female';
}

/** An event: when, where, who, and whether fatal. */
interface GeneratedEvent {
  at: number;
  point: Point;
  person: GeneratedPerson;
  fatal: boolean;
}

/** Moves a point a random distance up to `km` in a random direction. */
function jitter(random: Random, point: Point, km: number): Point {
  const d = km * Math.sqrt(random.next());
  const angle = 2 * Math.PI * random.next();
  return offsetByKm(point, d * Math.cos(angle), d * Math.sin(angle));
}

/** A seeded set of EMS, police, ED and ME reports with their true events. */
export function generateLinkedEvents(options: LinkedEventsOptions): GeneratedReport[] {
  const random = new Random(options.seed, 16);
  const perDay = options.eventsPerDay ?? 40;
  const twinShare = options.twinShare ?? 0.04;
  const days = Math.max(1, Math.ceil(options.events / perDay));
  const start = options.start ?? Date.UTC(2025, 0, 1);
  const persons: GeneratedPerson[] = [];
  const newPerson = (): GeneratedPerson => {
    const person: GeneratedPerson = {
      key: `p${persons.length.toString(16)}`,
      birthYear: 2025 - random.integer(16, 75),
      sex: random.chance(0.7) ? 'male' : 'female',
    };
    persons.push(person);
    return person;
  };
  // One in five overdoses is a repeat of someone who overdosed before.
  const personOf = () =>
    persons.length > 20 && random.chance(0.2)
      ? (persons[random.integer(0, persons.length - 1)] as GeneratedPerson)
      : newPerson();
  const events: GeneratedEvent[] = [];
  while (events.length < options.events) {
    const day = random.integer(0, days - 1);
    const at = start + day * DAY_MS + Math.floor(random.next() * DAY_MS);
    const event = { at, point: drawBaselinePlace(random), person: personOf(), fatal: random.chance(0.1) };
    events.push(event);
    if (events.length < options.events && random.chance(twinShare)) {
      events.push({
        at: at + Math.round(random.between(-60, 60) * MINUTE),
        point: jitter(random, event.point, 0.4),
        person: newPerson(),
        fatal: random.chance(0.1),
      });
    }
  }
  const reports: GeneratedReport[] = [];
  for (const [index, event] of events.entries()) reports.push(...reportsOf(random, event, index));
  return reports;
}

/** The reports the sources send about one event (at least one). */
function reportsOf(random: Random, event: GeneratedEvent, index: number): GeneratedReport[] {
  const town = nearestTown(event.point);
  const zipCell = zipCellOf(event.point);
  const zip = codeOf(zipCell, '', 5);
  // The county is the ZIP cell's resolution-4 parent (about 1,800 km², as Connecticut's counties).
  const county = codeOf(cellToParent(zipCell, 4), '09', 3);
  const age = Math.floor((event.at - Date.UTC(event.person.birthYear, 0, 1)) / (365.25 * DAY_MS));
  const base = { event: index, zip, city: town.name, county };
  const day = (at: number) => Math.floor(at / DAY_MS);
  const reports: GeneratedReport[] = [];
  const sex = (missing: number) => (random.chance(missing) ? null : event.person.sex);
  const key = (named: number) => (random.chance(named) ? event.person.key : null);
  const point = (km: number) => jitter(random, event.point, km);
  const ems = random.chance(event.fatal ? 0.95 : 0.8);
  if (ems) {
    const at = event.at + Math.round(random.between(0, 12) * MINUTE);
    const p = point(0.06);
    reports.push({
      ...base,
      organizationId: `ems:${town.name}`,
      sourceType: 'ems',
      at,
      timeKnown: true,
      day: day(at),
      latitude: p.lat,
      longitude: p.lon,
      precise: true,
      age: random.chance(0.05) ? null : age + (random.chance(0.15) ? (random.chance(0.5) ? 1 : -1) : 0),
      sex: sex(0.08),
      fatal: random.chance(0.95) ? event.fatal : null,
      matchKey: key(0.35),
    });
  }
  if (random.chance(event.fatal ? 0.9 : 0.4) || !ems) {
    const at = event.at + Math.round(random.between(0, 45) * MINUTE);
    const p = point(0.15);
    reports.push({
      ...base,
      organizationId: `police:${town.name}`,
      sourceType: 'police',
      at,
      timeKnown: true,
      day: day(at),
      latitude: p.lat,
      longitude: p.lon,
      precise: true,
      age: random.chance(0.3) ? null : age + (random.chance(0.4) ? random.integer(-5, 5) : 0),
      sex: sex(0.15),
      fatal: random.chance(0.6) ? event.fatal : null,
      matchKey: key(0.2),
    });
  }
  if (random.chance(event.fatal ? 0.05 : 0.55)) {
    const at = event.at + Math.round(random.between(20, 180) * MINUTE);
    // The ED places the incident by its ZIP (sometimes the patient's own, a neighbouring one).
    const reportedCell = random.chance(0.02)
      ? (gridDisk(zipCell, 1)[random.integer(1, 6)] as string)
      : zipCell;
    const [lat, lon] = cellToLatLng(reportedCell);
    const hospital = nearestHospital(event.point);
    reports.push({
      ...base,
      zip: codeOf(reportedCell, '', 5),
      organizationId: `hospital:${hospital.name}`,
      sourceType: 'hospital',
      at,
      timeKnown: true,
      day: day(at),
      latitude: lat,
      longitude: lon,
      precise: false,
      age: age + (random.chance(0.1) ? 1 : 0),
      sex: sex(0.03),
      fatal: event.fatal,
      matchKey: key(0.7),
    });
  }
  if (event.fatal && random.chance(0.97)) {
    // Pronounced dead the next day now and then; a misspelt name now and then (another match key).
    const deathDay = day(event.at) + (random.chance(0.1) ? 1 : 0);
    const cityKnown = random.chance(0.95);
    reports.push({
      ...base,
      zip: null,
      city: cityKnown ? town.name : null,
      organizationId: 'medical_examiner',
      sourceType: 'medical_examiner',
      at: deathDay * DAY_MS + DAY_MS / 2,
      timeKnown: false,
      day: deathDay,
      latitude: cityKnown ? town.lat : null,
      longitude: cityKnown ? town.lon : null,
      precise: false,
      age: age + (random.chance(0.1) ? -1 : 0),
      sex: event.person.sex,
      fatal: true,
      matchKey: random.chance(0.95)
        ? random.chance(0.03)
          ? `${event.person.key}x`
          : event.person.key
        : null,
    });
  }
  return reports;
}

/** The hospital nearest a point. */
function nearestHospital(point: Point): Town {
  let best = hospitals[0] as Town;
  for (const h of hospitals) if (distanceKm(point, h) < distanceKm(point, best)) best = h;
  return best;
}
