import { type FieldProblem, problem } from '../../../../platform/errors.js';
import { classifyVisit } from '../../../standards/ed-syndromes/classify-visit.js';
import { edSyndromesVersion } from '../../../standards/ed-syndromes/ed-syndromes.v1.js';
import type { ImportPreset } from './import-preset.js';

/** The columns every ED syndromic file has. */
const REQUIRED = ['visit_id', 'visit_time', 'facility', 'zip', 'chief_complaint', 'discharge_diagnosis'];

// An ICD-10-CM code with or without its dot (T40.1X1A, F11120, Z79.891).
const ICD10CM = /^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/;

/** The diagnosis codes of a cell (separated by `;`, `,`, `|` or spaces), and the pieces that are no code. */
export function diagnosisCodes(cell: string): { codes: string[]; invalid: string[] } {
  const codes: string[] = [];
  const invalid: string[] = [];
  for (const piece of cell.split(/[;,|\s]+/)) {
    if (piece === '') continue;
    if (ICD10CM.test(piece.toUpperCase())) codes.push(piece);
    else invalid.push(piece);
  }
  return { codes, invalid };
}

/**
 * Emergency department visits as syndromic surveillance sends them (one row a visit), classified by
 * CDC's ED overdose syndromes (intake/standards/ed-syndromes): a visit meeting none is no suspected
 * overdose and is skipped, counted; the others become hospital reports with `source_definitions`
 * `ed_<syndrome>` and the rule that fired as `definition_reasons`. The record id is the facility's
 * with its visit id (visit ids are unique per facility only); the chief complaint is free text that
 * may name the patient, so it is the report's narrative (T3, kept in the raw payload only).
 */
export const edSyndromicPreset: ImportPreset = {
  name: 'ed-syndromic',
  description:
    'Emergency department visits (syndromic surveillance): chief complaint and discharge diagnosis codes',
  requiredColumns: REQUIRED,
  columns: [...REQUIRED, 'age', 'sex', 'race', 'ethnicity'],
  columnOf: {
    source_record_id: 'visit_id',
    occurred_at: 'visit_time',
    latitude: 'zip',
    narrative: 'chief_complaint',
  },
  sourceType: 'hospital',
  begin: () => (row) => {
    const cell = (column: string) => row[column]?.trim() ?? '';
    const { codes, invalid } = diagnosisCodes(cell('discharge_diagnosis'));
    const complaint = cell('chief_complaint');
    const visit = classifyVisit({
      chiefComplaint: complaint === '' ? null : complaint,
      diagnosisCodes: codes,
    });
    const problems: FieldProblem[] = [];
    for (const column of ['visit_id', 'facility'])
      if (cell(column) === '') problems.push(problem(column, 'REQUIRED'));
    if (invalid.length > 0)
      problems.push(
        problem('discharge_diagnosis', 'UNKNOWN_VALUE', 'flag', `not ICD-10-CM codes: ${invalid.join(', ')}`),
      );
    const reasons = visit.definitions.map((id) => `ed_${id}: ${visit.why[id]}`);
    return {
      ...(visit.definitions.length === 0 ? { notAnOverdose: 'meets no ED overdose syndrome' } : {}),
      problems,
      fields: {
        source_record_id:
          cell('visit_id') && cell('facility') ? `${cell('facility')}:${cell('visit_id')}` : '',
        source_type: 'hospital',
        occurred_at: cell('visit_time'),
        zip: cell('zip'),
        age: cell('age'),
        sex: cell('sex'),
        race: cell('race'),
        ethnicity: cell('ethnicity'),
        narrative: complaint,
        substances: visit.substances.join(';'),
        source_definitions: visit.definitions.map((id) => `ed_${id}`).join(';'),
        definition_reasons: `${edSyndromesVersion}; ${reasons.join('; ')}`.slice(0, 2000),
      },
    };
  },
};
