import {
  addressKey,
  type PlaceName,
  placeInAddress,
  placeNameOf,
  zipAtEndOf,
  zipOf,
} from './address-text.js';
import type { Gazetteer, GazetteerPoint } from './gazetteer.js';
import type { LocationPrecision } from './location-precision.js';

/** What a report says about where the overdose happened. */
export interface ReportPlaceFields {
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  zip: string | null;
  city: string | null;
  countyFips: string | null;
}

/** Where placing put a report: its point (null when none) and how exactly it is known. */
export interface Placement {
  latitude: number | null;
  longitude: number | null;
  precision: LocationPrecision;
  /** The fields that named a place the gazetteer does not know (told to the sender as a flag). */
  unknown: ('zip' | 'city' | 'county_fips')[];
}

/** What placing needs beyond the report. */
export interface PlacingContext {
  gazetteer: Gazetteer;
  /**
   * The states the jurisdiction lies in (those of the ZIP centroids inside its areas), which decide
   * between places of one name in several states; null when unknown (a jurisdiction without layers).
   */
  states: ReadonlySet<string> | null;
  /** The external geocoder's answers for this batch, by `addressKey`; none when it is not configured. */
  geocoded?: ReadonlyMap<string, GazetteerPoint | null>;
}

function at(point: GazetteerPoint, precision: LocationPrecision, unknown: Placement['unknown']): Placement {
  return { latitude: point.latitude, longitude: point.longitude, precision, unknown };
}

/** The centroid of a named place, in the state written with it or else one of the jurisdiction's. */
function findPlace(place: PlaceName | null, context: PlacingContext): GazetteerPoint | null {
  if (!place || place.name === '') return null;
  const byState = context.gazetteer.places.get(place.name);
  if (!byState) return null;
  if (place.state) return byState.get(place.state) ?? null;
  if (context.states) {
    const inJurisdiction = [...byState].filter(([state]) => context.states?.has(state));
    return inJurisdiction.length === 1 ? (inJurisdiction[0]?.[1] ?? null) : null;
  }
  // Without the jurisdiction's states, only a name found in a single state is certain.
  return byState.size === 1 ? ([...byState.values()][0] ?? null) : null;
}

/**
 * Places a report, from the most exact to the least: the coordinates it was sent with (`rooftop`); the
 * external geocoder's answer for its address (`address`); the centroid of its ZIP code, or of a ZIP
 * written at the end of its address (`zip`); of its city, or a city written in its address, in the
 * jurisdiction's state (`place`); of its county (`county`); else no point (`none`). Pure.
 */
export function placeReport(report: ReportPlaceFields, context: PlacingContext): Placement {
  const unknown: Placement['unknown'] = [];
  if (report.latitude !== null && report.longitude !== null) {
    return { latitude: report.latitude, longitude: report.longitude, precision: 'rooftop', unknown };
  }
  const { gazetteer } = context;
  const address = report.address;
  if (address !== null) {
    const answer = context.geocoded?.get(addressKey(address));
    if (answer) return at(answer, 'address', unknown);
  }
  const sentZip = report.zip !== null ? zipOf(report.zip) : null;
  const zip = sentZip ?? (address !== null ? zipAtEndOf(address) : null);
  const zipPoint = zip !== null ? gazetteer.zips.get(zip) : undefined;
  if (report.zip !== null && (sentZip === null || !gazetteer.zips.has(sentZip))) unknown.push('zip');
  if (zipPoint) return at(zipPoint, 'zip', unknown);
  const city = report.city !== null ? findPlace(placeNameOf(report.city, gazetteer), context) : null;
  if (report.city !== null && city === null) unknown.push('city');
  const place = city ?? (address !== null ? findPlace(placeInAddress(address, gazetteer), context) : null);
  if (place) return at(place, 'place', unknown);
  const county = report.countyFips !== null ? gazetteer.counties.get(report.countyFips.trim()) : undefined;
  if (report.countyFips !== null && !county) unknown.push('county_fips');
  if (county) return at(county, 'county', unknown);
  return { latitude: null, longitude: null, precision: 'none', unknown };
}

/** The states of the ZIP codes whose centroid lies in the jurisdiction (`within` tells, e.g. its areas). */
export function jurisdictionStates(
  gazetteer: Gazetteer,
  within: (latitude: number, longitude: number) => boolean,
): Set<string> {
  const states = new Set<string>();
  for (const zip of gazetteer.zips.values()) {
    if (!states.has(zip.state) && within(zip.latitude, zip.longitude)) states.add(zip.state);
  }
  return states;
}
