import { reportFieldNames } from '../../../report-fields.js';
import type { ImportPreset } from './import-preset.js';

/** The `generic` preset: the columns are the report fields themselves (docs/import-formats.md). */
export const genericPreset: ImportPreset = {
  name: 'generic',
  description: `SOS generic CSV: ${reportFieldNames.join(', ')}`,
  requiredColumns: ['source_record_id', 'occurred_at'],
  requiredOneOf: [['latitude', 'address']],
  columns: reportFieldNames,
  begin: () => (row) => ({ fields: row }),
};
