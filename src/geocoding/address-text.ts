import { type Gazetteer, placeKey } from './gazetteer.js';

/** A ZIP code or ZIP+4 as sent, read as its five digits; null when it is not one. */
export function zipOf(text: string): string | null {
  const match = /^(\d{5})(?:[- ]?\d{4})?$/.exec(text.trim());
  return match ? (match[1] as string) : null;
}

/** The ZIP code written at the end of an address ("... Hartford, CT 06106-1234"), if any. */
export function zipAtEndOf(address: string): string | null {
  const match = /(?:^|[\s,])(\d{5})(?:-\d{4})?\s*$/.exec(address);
  return match ? (match[1] as string) : null;
}

/** A place name with the state that may follow it ("Hartford, CT", "Hartford Connecticut"). */
export interface PlaceName {
  name: string;
  state: string | null;
}

/**
 * Splits a trailing state (postal abbreviation or name) off a place's text. Only where `stateAlone` is
 * allowed (a part of an address) may the whole text be a state: a city field "Washington" is a city.
 */
export function placeNameOf(text: string, gazetteer: Gazetteer, stateAlone = false): PlaceName | null {
  const words = placeKey(text.replace(/,/g, ' ')).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  // A state name has up to three words ("District of Columbia"); the longest that fits is taken.
  for (let take = Math.min(3, stateAlone ? words.length : words.length - 1); take >= 1; take--) {
    const state = gazetteer.states.get(words.slice(-take).join(' '));
    if (state) return { name: words.slice(0, -take).join(' '), state };
  }
  return { name: words.join(' '), state: null };
}

/**
 * The city written in an address: the part before the state and ZIP ("12 Main St, Hartford, CT
 * 06106"), or the last part after the street when no state is written. The street (the first part)
 * is never read as a city.
 */
export function placeInAddress(address: string, gazetteer: Gazetteer): PlaceName | null {
  const parts = address
    .replace(/(?:^|[\s,])\d{5}(?:-\d{4})?\s*$/, '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 1) return placeAtEndOf(parts[0] as string, gazetteer);
  if (parts.length < 2) return null;
  const last = placeNameOf(parts[parts.length - 1] as string, gazetteer, true);
  if (!last) return null;
  if (last.name !== '') return last;
  // The last part was the state alone: the city is the part before it, unless that is the street.
  if (parts.length < 3) return null;
  const city = placeNameOf(parts[parts.length - 2] as string, gazetteer);
  return city ? { name: city.name, state: last.state } : null;
}

/**
 * The place named by the last words of an address written without commas ("12 Main St Hartford CT"):
 * the longest run of up to three trailing words that the gazetteer knows as a place, after at least
 * two words of street (number and name), with a state after it if one is written.
 */
function placeAtEndOf(address: string, gazetteer: Gazetteer): PlaceName | null {
  const split = placeNameOf(address, gazetteer);
  if (!split) return null;
  const words = split.name.split(' ');
  for (let take = Math.min(3, words.length - 2); take >= 1; take--) {
    const name = words.slice(-take).join(' ');
    if (gazetteer.places.has(name)) return { name, state: split.state };
  }
  return null;
}

/** How an address is compared and cached: single spaces, upper case (one answer per distinct address). */
export function addressKey(address: string): string {
  return address.replace(/\s+/g, ' ').trim().toUpperCase();
}
