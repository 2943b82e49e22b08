import type { ImportPreset } from './import-preset.js';

/** Tempe exports write "NULL" where nothing was recorded. */
function value(row: Record<string, string>, column: string): string {
  const v = row[column]?.trim() ?? '';
  return v === 'NULL' ? '' : v;
}

/** The columns every Tempe export has. */
const REQUIRED = ['OBJECTID', 'Incident_Date', 'Latitude_Random', 'Longitude_Random', 'Narcan_Given', 'Age'];

/**
 * City of Tempe "Opioid Use EMS Calls" open data. Incident_Date carries a "+00" suffix but holds the
 * local calendar date, so only the date is kept; coordinates are already randomized to about 100 m.
 * Opioid_Use = Yes becomes the substance any_opioid; the other columns stay in the raw record.
 */
export const tempeEmsPreset: ImportPreset = {
  name: 'tempe-ems',
  description: 'City of Tempe Fire Medical Rescue opioid use EMS calls (open data)',
  requiredColumns: REQUIRED,
  columns: [...REQUIRED, 'Patient_Gender', 'Opioid_Use'],
  sourceType: 'ems',
  begin: () => (row) => {
    const date = value(row, 'Incident_Date').slice(0, 10).replaceAll('/', '-');
    const opioid = value(row, 'Opioid_Use');
    return {
      fields: {
        source_record_id: value(row, 'OBJECTID'),
        source_type: 'ems',
        occurred_at: date,
        latitude: value(row, 'Latitude_Random'),
        longitude: value(row, 'Longitude_Random'),
        naloxone_given: value(row, 'Narcan_Given'),
        age_band: value(row, 'Age'),
        sex: value(row, 'Patient_Gender'),
        substances: opioid === 'Yes' ? 'any_opioid' : '',
      },
    };
  },
};
