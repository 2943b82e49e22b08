import { type LocationPrecision, pointPrecisions } from '../geocoding/location-precision.js';
/**
 * What cross-source linkage compares of one report: the same facts whether the report comes from the
 * intake transaction, a jurisdiction's stored reports (estimation) or the generated truth set.
 */
export interface EventRecord {
  /** The sending organization: one source sends one record of an event, so two of its records never link. */
  organizationId: string;
  sourceType: string;
  /** The instant, in ms; for a date-only record, noon of its day (the time is then not compared). */
  at: number;
  timeKnown: boolean;
  /** The calendar day (days since 1970-01-01 in the jurisdiction's zone): what date-only records compare. */
  day: number;
  latitude: number | null;
  longitude: number | null;
  /** Whether the point is the incident's own (sent coordinates), not the centroid of a ZIP, place or county. */
  precise: boolean;
  zip: string | null;
  city: string | null;
  county: string | null;
  age: number | null;
  sex: string | null;
  fatal: boolean | null;
  /** The vault's match key of the person the report names (hex), or null when it names none. */
  matchKey: string | null;
}

const DAY_MS = 86_400_000;

/** What linkage reads of a report to compare it (the parsed report's fields). */
export interface LinkableFacts {
  sourceType: string;
  occurredAt: Date;
  occurredDate: string;
  timeKnown: boolean;
  latitude: number | null;
  longitude: number | null;
  /** How exactly the point is known (geocoding); absent means coordinates sent by the source. */
  locationPrecision?: LocationPrecision;
  zip: string | null;
  city: string | null;
  countyFips: string | null;
  age: number | null;
  sex: string | null;
  fatal: boolean | null;
}

/**
 * The record linkage compares for a report: its point is taken as the incident's own when it was sent
 * or geocoded from an address; a ZIP's, place's or county's centroid is not (ZIP and city compare it).
 */
export function eventRecordOf(
  report: LinkableFacts,
  organizationId: string,
  matchKey: string | null,
): EventRecord {
  return {
    organizationId,
    sourceType: report.sourceType,
    at: report.occurredAt.getTime(),
    timeKnown: report.timeKnown,
    day: Math.floor(Date.parse(`${report.occurredDate}T00:00:00Z`) / DAY_MS),
    latitude: report.latitude,
    longitude: report.longitude,
    precise:
      report.latitude !== null &&
      report.longitude !== null &&
      pointPrecisions.includes(report.locationPrecision ?? 'rooftop'),
    zip: report.zip,
    city: report.city === null ? null : report.city.toLowerCase(),
    county: report.countyFips,
    age: report.age,
    sex: report.sex,
    fatal: report.fatal,
    matchKey,
  };
}
