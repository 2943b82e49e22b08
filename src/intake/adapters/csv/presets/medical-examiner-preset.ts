import { type FieldProblem, problem } from '../../../../platform/errors.js';
import { parseOccurredAt } from '../../../report-validation.js';
import { readCauseOfDeath } from '../../../standards/cause-of-death.js';
import { isOverdoseManner } from '../../../standards/manner-of-death.js';
import { classifyNchsDeath, nchsOpioidReason } from '../../../standards/nchs-opioid.js';
import type { ImportPreset } from './import-preset.js';

/** The columns every medical examiner file of this layout has. */
const REQUIRED = ['case_number', 'date_of_death'];

/** Where the injury happened: a file has at least one of these columns. */
const LOCATION_COLUMNS = ['latitude', 'injury_address', 'injury_zip', 'injury_city', 'injury_county_fips'];

const COLUMNS = [
  ...REQUIRED,
  'injury_date',
  'age',
  'sex',
  'race',
  'ethnicity',
  'injury_address',
  'injury_city',
  'injury_zip',
  'injury_county_fips',
  'latitude',
  'longitude',
  'cause_of_death',
  'other_significant_conditions',
  'manner',
  'underlying_cause_icd10',
  'multiple_cause_icd10',
  'substances',
];

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(.*)$/;
const ZIP = /^\d{5}(-\d{4})?$/;
const COUNTY_FIPS = /^\d{5}$/;

/** A date written MM/DD/YYYY (with any time after it) as ISO 8601; other text as it is, for validation to judge. */
function isoDate(text: string): string {
  const us = US_DATE.exec(text);
  if (!us) return text;
  const [, m, d, y, rest] = us as unknown as [string, string, string, string, string];
  const time = rest.trim();
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}${time ? `T${time.padStart(5, '0')}` : ''}`;
}

/** A cell trimmed, empty when missing. */
function cell(row: Record<string, string>, column: string): string {
  return row[column]?.trim() ?? '';
}

/** A code column checked against its pattern: the value, or empty with a problem naming the column. */
function codeCell(
  row: Record<string, string>,
  column: string,
  pattern: RegExp,
  what: string,
  problems: FieldProblem[],
) {
  const value = cell(row, column);
  if (value === '' || pattern.test(value)) return value;
  problems.push(problem(column, 'INVALID_CODE', 'reject', `"${value}" is not ${what}`));
  return '';
}

/**
 * A generic medical examiner layout: one death per row. The overdose happened on the injury date when
 * there is one (deaths may follow days later), else on the date of death. Substances are the names of
 * the `substances` column and those the cause-of-death statements name; ICD-10 underlying and multiple
 * causes decide NCHS's opioid-involved death (`nchs_opioid`). A manner other than accident or
 * undetermined, or an underlying cause that is no drug poisoning, keeps the row but flags it.
 */
export const medicalExaminerPreset: ImportPreset = {
  name: 'medical-examiner',
  description: `Medical examiner deaths, one per row: ${COLUMNS.join(', ')}`,
  requiredColumns: REQUIRED,
  requiredOneOf: [LOCATION_COLUMNS],
  columns: COLUMNS,
  sourceType: 'medical_examiner',
  begin: () => (row) => {
    const problems: FieldProblem[] = [];
    if (cell(row, 'case_number') === '') problems.push(problem('case_number', 'REQUIRED'));
    const zip = codeCell(row, 'injury_zip', ZIP, 'a ZIP code (5 digits or ZIP+4)', problems);
    const countyFips = codeCell(
      row,
      'injury_county_fips',
      COUNTY_FIPS,
      'a 5-digit county FIPS code',
      problems,
    );
    const manner = cell(row, 'manner');
    if (!isOverdoseManner(manner)) {
      problems.push(problem('manner', 'NOT_AN_OVERDOSE_DEATH', 'flag', `manner "${manner}"`));
    }
    const underlying = cell(row, 'underlying_cause_icd10');
    const multiple = cell(row, 'multiple_cause_icd10').split(';');
    const verdict = classifyNchsDeath({ underlying: underlying === '' ? null : underlying, multiple });
    for (const code of verdict.unreadable) {
      const column = code === underlying ? 'underlying_cause_icd10' : 'multiple_cause_icd10';
      problems.push(problem(column, 'INVALID_CODE', 'reject', `"${code}" is not an ICD-10 code`));
    }
    if (verdict.underlying !== null && !verdict.drugOverdose) {
      problems.push(
        problem(
          'underlying_cause_icd10',
          'NOT_AN_OVERDOSE_DEATH',
          'flag',
          `${verdict.underlying} is no drug poisoning (X40-X44, X60-X64, X85, Y10-Y14)`,
        ),
      );
    }
    // Checked here too so the quarantine names the column; the time zone does not change validity.
    const [death, injury] = (['date_of_death', 'injury_date'] as const).map((column) => {
      const iso = isoDate(cell(row, column));
      const readable = iso !== '' && parseOccurredAt(iso, 'UTC') !== null;
      if (iso !== '' && !readable) {
        problems.push(problem(column, 'INVALID_DATE', 'reject', `"${cell(row, column)}"`));
      }
      return { iso, readable };
    }) as [{ iso: string; readable: boolean }, { iso: string; readable: boolean }];
    if (injury.readable && death.readable && injury.iso.slice(0, 10) > death.iso.slice(0, 10)) {
      problems.push(
        problem(
          'injury_date',
          'OUT_OF_RANGE',
          'reject',
          `${injury.iso} is after the date of death ${death.iso}`,
        ),
      );
    }
    const occurredAt = injury.iso || death.iso;
    const statement = [cell(row, 'cause_of_death'), cell(row, 'other_significant_conditions')].join('; ');
    const named = cell(row, 'substances')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const substances = [...new Set([...named, ...readCauseOfDeath(statement).substances])];
    const reason = nchsOpioidReason(verdict);
    return {
      problems,
      fields: {
        source_record_id: cell(row, 'case_number'),
        source_type: 'medical_examiner',
        occurred_at: occurredAt,
        latitude: cell(row, 'latitude'),
        longitude: cell(row, 'longitude'),
        address: cell(row, 'injury_address'),
        zip,
        city: cell(row, 'injury_city'),
        county_fips: countyFips,
        fatal: 'true',
        age: cell(row, 'age'),
        sex: cell(row, 'sex'),
        race: cell(row, 'race'),
        ethnicity: cell(row, 'ethnicity'),
        substances: substances.join(';'),
        disposition: 'deceased',
        source_definitions: reason ? 'nchs_opioid' : '',
        definition_reasons: reason ?? '',
      },
    };
  },
};
