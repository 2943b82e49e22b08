import { reportFieldNames } from '../../../report-fields.js';
import type { ImportPreset } from './import-preset.js';

/** The `generic` preset: the columns are the report fields themselves (docs/import-formats.md). */
export const genericPreset: ImportPreset = {
  name: 'generic',
  description: `SOS generic CSV: ${reportFieldNames.join(', ')}`,
  requiredColumns: ['source_record_id', 'occurred_at'],
  // A column that can place a report: coordinates, or what geocoding places (address, ZIP, city, county).
  requiredOneOf: [['latitude', 'address', 'zip', 'city', 'county_fips']],
  columns: reportFieldNames,
  begin: () => (row) => ({ fields: row }),
};
