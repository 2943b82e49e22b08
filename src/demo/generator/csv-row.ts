import { reportFieldNames } from '../../intake/report-fields.js';
import type { SyntheticRecord } from './dataset.js';

/** The header line of the generated file. */
export const csvHeader = reportFieldNames.join(',');

/**
 * One CSV line (without the line break) in the order of the generic format's columns
 * (`reportFieldNames`), by name, so a field added to the list is an empty column here. No field needs
 * quoting: every value is a number, a date or a word from a closed list, and the narratives hold no
 * comma, quote or newline. The generator gives coordinates only (no address or place) and names no unit.
 */
export function formatCsvRow(record: SyntheticRecord): string {
  const facts = record.facts;
  const values: Record<string, string | number | boolean | null | undefined> = {
    source_record_id: record.sourceRecordId,
    source_type: facts.sourceType,
    occurred_at: record.occurredAt,
    latitude: record.latitude.toFixed(5),
    longitude: record.longitude.toFixed(5),
    fatal: facts.fatal,
    naloxone_given: facts.naloxoneGiven,
    naloxone_doses: facts.naloxoneDoses,
    naloxone_response: facts.naloxoneResponse,
    age: facts.age,
    age_band: facts.ageBand,
    sex: facts.sex,
    race: facts.race,
    ethnicity: facts.ethnicity,
    substances: facts.substances,
    disposition: facts.disposition,
    narrative: facts.narrative,
  };
  return reportFieldNames.map((name) => values[name] ?? '').join(',');
}
