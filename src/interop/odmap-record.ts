import { csvLine, spreadsheetSafe } from '../platform/csv/csv-escape.js';
import { localDateOf, zoneOffsetAt } from '../platform/time-zones.js';
import { type OdmapDrugCategory, odmapCategoriesOf } from './odmap-drug-categories.js';

/** What an ODMAP record is made of: one overdose's de-identified facts and the agency it is sent for. */
export interface OdmapOverdoseFacts {
  id: string;
  occurredAt: Date;
  /** False when the sources gave a date without a time of day. */
  timeKnown: boolean;
  latitude: number | null;
  longitude: number | null;
  fatal: boolean | null;
  naloxoneGiven: boolean | null;
  naloxoneDoses: number | null;
  substances: readonly string[];
  agency: { id: string; name: string };
}

/**
 * One overdose in ODMAP's entry fields (date and time, point, fatal or not, naloxone and doses,
 * suspected drug, agency), snake_case as every SOS file; the incident id is the SOS overdose id, so
 * a receiver or an import elsewhere recognizes a correction of a record it already has.
 */
export interface OdmapRecord {
  incident_id: string;
  /** The local day, YYYY-MM-DD, in the jurisdiction's time zone. */
  incident_date: string;
  /** The local time HH:MM, or null when no source gave one. */
  incident_time: string | null;
  latitude: number | null;
  longitude: number | null;
  overdose_type: 'Fatal' | 'Non-Fatal';
  naloxone_administered: 'Yes' | 'No' | 'Unknown';
  naloxone_doses: number | null;
  suspected_drugs: OdmapDrugCategory[];
  agency_id: string;
  agency_name: string;
}

/** The columns of an ODMAP CSV file, in order (suspected drugs separated by `; `). */
export const ODMAP_CSV_COLUMNS = [
  'incident_id',
  'incident_date',
  'incident_time',
  'latitude',
  'longitude',
  'overdose_type',
  'naloxone_administered',
  'naloxone_doses',
  'suspected_drug',
  'agency_id',
  'agency_name',
] as const;

/** How a list of suspected drugs is written in one CSV cell. */
export const ODMAP_DRUG_SEPARATOR = '; ';

function localTime(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetAt(instant.getTime(), timeZone)).toISOString().slice(11, 16);
}

/**
 * The ODMAP record of an overdose. ODMAP records an entry as fatal or non-fatal only, so an overdose
 * no source called fatal is non-fatal; naloxone is Unknown when no source said, Yes when doses were
 * counted. Points keep 6 decimals (about 0.1 m): ODMAP maps points, and the export is T2.
 */
export function odmapRecordOf(facts: OdmapOverdoseFacts, timeZone: string): OdmapRecord {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
  const naloxone =
    facts.naloxoneGiven === true || (facts.naloxoneDoses ?? 0) > 0
      ? 'Yes'
      : facts.naloxoneGiven === false
        ? 'No'
        : 'Unknown';
  return {
    incident_id: facts.id,
    incident_date: localDateOf(facts.occurredAt, timeZone),
    incident_time: facts.timeKnown ? localTime(facts.occurredAt, timeZone) : null,
    latitude: round(facts.latitude),
    longitude: round(facts.longitude),
    overdose_type: facts.fatal === true ? 'Fatal' : 'Non-Fatal',
    naloxone_administered: naloxone,
    naloxone_doses: facts.naloxoneDoses,
    suspected_drugs: odmapCategoriesOf(facts.substances),
    agency_id: facts.agency.id,
    agency_name: facts.agency.name,
  };
}

/** One CSV line of an ODMAP record, in the order of ODMAP_CSV_COLUMNS. */
export function odmapCsvLine(record: OdmapRecord): string {
  return csvLine([
    record.incident_id,
    record.incident_date,
    record.incident_time,
    record.latitude,
    record.longitude,
    record.overdose_type,
    record.naloxone_administered,
    record.naloxone_doses,
    record.suspected_drugs.join(ODMAP_DRUG_SEPARATOR),
    record.agency_id,
    // The agency's name is typed by an administrator: never a formula in the reader's spreadsheet.
    spreadsheetSafe(record.agency_name),
  ]);
}
