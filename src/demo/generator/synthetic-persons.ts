import { distanceKm, type Town, towns } from './connecticut.js';
import type { SyntheticRecord } from './dataset.js';
import { Random } from './random.js';

/**
 * Made-up contact details for the survivors of synthetic overdoses, so that the demo's outreach queue
 * has people to reach. Nobody here exists: names are drawn from short lists of common names, phone
 * numbers lie in 555-0100 to 555-0199 (the range set aside for fiction), and streets come from a list
 * of invented names.
 */

/** The identifying details of a synthetic survivor, in the words of intake's `person` object. */
export interface SyntheticPerson {
  first_name: string;
  last_name: string;
  /** YYYY-MM-DD, so that the age on the day of the overdose is the report's age. */
  birth_date: string;
  /** Absent for some, so the `no_phone` contact flag shows in the demo. */
  phone?: string;
  /** Absent for some (no fixed address), so the `no_address` contact flag shows. */
  address?: string;
}

/** Which synthetic records get a person, and from which seed. */
export interface PersonSettings {
  seed: number;
  /** Towns (as named in `towns`) whose non-fatal EMS overdoses may carry a person. */
  towns: readonly string[];
  /** Share of those overdoses that carry one (EMS does not always record contact details). */
  share: number;
}

const firstNames = [
  'Alex',
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Jamie',
  'Riley',
  'Avery',
  'Quinn',
  'Dana',
  'Robin',
  'Jesse',
  'Maria',
  'Luis',
  'Angela',
  'Kevin',
  'Tanya',
  'Marcus',
  'Keisha',
  'Brian',
  'Nicole',
  'Carlos',
  'Denise',
  'Tyrone',
  'Megan',
  'Jose',
  'Shawna',
  'Derek',
  'Lisa',
  'Ramon',
] as const;
const lastNames = [
  'Alder',
  'Brookfield',
  'Castellan',
  'Dunmore',
  'Ellery',
  'Fairbank',
  'Greaves',
  'Holloway',
  'Ingram',
  'Jessup',
  'Kettering',
  'Lindqvist',
  'Marlow',
  'Northcott',
  'Ortega',
  'Pellham',
  'Quarles',
  'Rowntree',
  'Saltonstall',
  'Thorne',
  'Underhill',
  'Valdez',
  'Whitcombe',
  'Yardley',
] as const;
// Invented street names; a number and the town are added to each.
const streets = [
  'Amberlight Lane',
  'Bramblewick Road',
  'Copperkettle Street',
  'Driftmoor Avenue',
  'Elderglen Court',
  'Fernhollow Way',
  'Glimmerstone Drive',
  'Hazelmere Terrace',
  'Ironbark Place',
  'Juniperfold Street',
  'Kestrelcombe Road',
  'Lanternwick Avenue',
  'Mossgate Lane',
  'Nettlecroft Street',
  'Oakwhistle Drive',
  'Pebblemoor Court',
] as const;

/** Shares of the persons drawn with no phone and with no address. */
const noPhoneShare = 0.15;
const noAddressShare = 0.12;
/** Age drawn for a person whose report gives neither an age nor an age band. */
const unknownAgeRange = [18, 64] as const;

const personStream = 3; // beside the dataset's planning, counting and record streams (0-2)
const dayMs = 86_400_000;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.integer(0, list.length - 1)] as T;
}

/** A birth date at which someone is exactly `age` on `onDate` (YYYY-MM-DD), drawn over the possible year. */
export function birthDateForAge(random: Pick<Random, 'integer'>, onDate: string, age: number): string {
  const [year, month, day] = onDate.split('-').map(Number) as [number, number, number];
  // The same calendar day `years` years before (Feb 29 falls back to Feb 28 in a common year).
  const sameDayBefore = (years: number) => {
    const ms = Date.UTC(year - years, month - 1, day);
    return new Date(ms).getUTCMonth() === month - 1 ? ms : ms - dayMs;
  };
  // Born on that day `age` years before at the latest, the day after it `age + 1` years before at the earliest.
  const latest = sameDayBefore(age);
  const earliest = sameDayBefore(age + 1) + dayMs;
  const days = Math.round((latest - earliest) / dayMs);
  return new Date(earliest + random.integer(0, days) * dayMs).toISOString().slice(0, 10);
}

function ageOf(random: Random, record: SyntheticRecord): number {
  const { age, ageBand } = record.facts;
  if (age !== undefined) return age;
  // A 5-year band ('25-29', or '100+' at the top): an age inside it.
  if (ageBand !== undefined) {
    const low = Number.parseInt(ageBand, 10);
    return random.integer(low, low + 4);
  }
  return random.integer(unknownAgeRange[0], unknownAgeRange[1]);
}

/** Draws one person for a record near `town`: name, birth date for the record's age, maybe a phone and an address. */
export function drawSyntheticPerson(random: Random, record: SyntheticRecord, town: Town): SyntheticPerson {
  const person: SyntheticPerson = {
    first_name: pick(random, firstNames),
    last_name: pick(random, lastNames),
    birth_date: birthDateForAge(random, record.occurredAt.slice(0, 10), ageOf(random, record)),
  };
  const areaCode = pick(random, ['860', '203', '959', '475']);
  const line = String(random.integer(100, 199)).padStart(4, '0');
  if (!random.chance(noPhoneShare)) person.phone = `(${areaCode}) 555-${line}`;
  const street = `${random.integer(1, 240)} ${pick(random, streets)}`;
  if (!random.chance(noAddressShare)) person.address = `${street}, ${town.name}, CT`;
  return person;
}

/** The candidate town whose centre lies within one spread (its Gaussian's standard deviation) of the record. */
function nearbyTown(record: SyntheticRecord, candidates: readonly Town[]): Town | undefined {
  const point = { lat: record.latitude, lon: record.longitude };
  return candidates.find((town) => distanceKm(point, town) <= town.spreadKm);
}

/**
 * Gives a person to a share of the non-fatal EMS records near the given towns; every other field of
 * every record is left as it was. The persons come from a stream of their own, so the same seed gives
 * the same persons and the dataset's other figures do not move.
 */
export function* withSyntheticPersons(
  records: Iterable<SyntheticRecord>,
  settings: PersonSettings,
): Generator<SyntheticRecord> {
  const candidates = settings.towns.map((name) => {
    const town = towns.find((t) => t.name === name);
    if (!town) throw new RangeError(`no generator town named "${name}"`);
    return town;
  });
  const random = new Random(settings.seed, personStream);
  for (const record of records) {
    const town =
      record.facts.fatal || record.facts.sourceType !== 'ems' ? undefined : nearbyTown(record, candidates);
    if (town && random.chance(settings.share))
      yield { ...record, person: drawSyntheticPerson(random, record, town) };
    else yield record;
  }
}
