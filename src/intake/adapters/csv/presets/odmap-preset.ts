import { readOdmapCategory, substanceOfOdmapCategory } from '../../../../interop/odmap-drug-categories.js';
import type { FieldProblem } from '../../../../platform/errors.js';
import { problem } from '../../../../platform/errors.js';
import type { ImportPreset } from './import-preset.js';

/** The columns every ODMAP file must have: what ODMAP requires of an entry, and the agency's record id. */
const REQUIRED = ['incident_id', 'incident_date', 'latitude', 'longitude', 'overdose_type'];

/** The optional columns read; agency_id and agency_name stay in the raw record (the importing organization is the agency). */
const OPTIONAL = [
  'incident_time',
  'naloxone_administered',
  'naloxone_doses',
  'suspected_drug',
  'agency_id',
  'agency_name',
];

const FATAL: Readonly<Record<string, boolean>> = {
  fatal: true,
  'non-fatal': false,
  nonfatal: false,
  'non fatal': false,
};
const NALOXONE: Readonly<Record<string, string>> = { yes: 'yes', no: 'no', unknown: '' };

/**
 * ODMAP-style records from an agency that already enters its overdoses in ODMAP, in the columns SOS's
 * own ODMAP export writes (src/interop/odmap-record.ts): the file's incident id is the agency's record
 * id, so importing again is idempotent; suspected drugs are ODMAP categories separated by `;`. A
 * value the preset cannot read is a problem on its own column, so the row is quarantined by name.
 */
export const odmapPreset: ImportPreset = {
  name: 'odmap',
  description: 'ODMAP-style overdose entries (date and time, point, fatal or not, naloxone, suspected drug)',
  requiredColumns: REQUIRED,
  columns: [...REQUIRED, ...OPTIONAL],
  columnOf: {
    source_record_id: 'incident_id',
    occurred_at: 'incident_date',
    fatal: 'overdose_type',
    naloxone_given: 'naloxone_administered',
    substances: 'suspected_drug',
  },
  begin: () => (row) => {
    const cell = (column: string) => row[column]?.trim() ?? '';
    const problems: FieldProblem[] = [];
    const type = cell('overdose_type');
    const fatal = FATAL[type.toLowerCase()];
    if (type !== '' && fatal === undefined) {
      problems.push(
        problem('overdose_type', 'INVALID_CODE', 'reject', `"${type}" is not Fatal or Non-Fatal`),
      );
    }
    const naloxoneText = cell('naloxone_administered');
    const naloxone = NALOXONE[naloxoneText.toLowerCase()];
    if (naloxoneText !== '' && naloxone === undefined) {
      problems.push(
        problem(
          'naloxone_administered',
          'INVALID_CODE',
          'reject',
          `"${naloxoneText}" is not Yes, No or Unknown`,
        ),
      );
    }
    const substances: string[] = [];
    for (const label of cell('suspected_drug').split(';')) {
      if (label.trim() === '') continue;
      const category = readOdmapCategory(label);
      if (category) substances.push(substanceOfOdmapCategory[category]);
      else
        problems.push(
          problem('suspected_drug', 'UNKNOWN_VALUE', 'flag', `"${label.trim()}" is no ODMAP drug category`),
        );
    }
    const time = cell('incident_time');
    if (time !== '' && !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) {
      problems.push(problem('incident_time', 'INVALID_DATE', 'reject', `"${time}" is not a time HH:MM`));
    }
    const date = cell('incident_date');
    return {
      fields: {
        source_record_id: cell('incident_id'),
        // Local time, no offset: intake reads it in the jurisdiction's zone, as ODMAP entries are.
        occurred_at: time !== '' && date !== '' ? `${date}T${time}` : date,
        latitude: cell('latitude'),
        longitude: cell('longitude'),
        fatal: fatal ?? '',
        naloxone_given: naloxone ?? '',
        naloxone_doses: cell('naloxone_doses'),
        substances: substances.join(';'),
      },
      problems,
    };
  },
};
