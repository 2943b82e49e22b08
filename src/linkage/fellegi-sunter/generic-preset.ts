import { keyOf } from './blocking.js';
import {
  CODE_LEVELS,
  compareCode,
  compareDate,
  compareText,
  DATE_LEVELS,
  TEXT_LEVELS,
} from './comparison-levels.js';
import { fieldComparison, nameComparison, valueAt } from './person-comparisons.js';
import type { PersonPreset } from './person-preset.js';
import { digitsOnly } from './person-row-reader.js';
import { soundex } from './string-similarity.js';

/** Indexes of the preset's fields in a record's values. */
const [FIRST, LAST, DOB, CITY, EMAIL, ZIP] = [0, 1, 2, 3, 4, 5];

/** A value of a record by field index. */
const at = valueAt;

/** The part of an email address before the @, where people's names and numbers are. */
const mailbox = (email: string) => email.split('@')[0] ?? '';

/**
 * A plain person file: first and last name, date of birth, city, email and ZIP code under their usual
 * header names (Splink's demo files among them), the true person in a `cluster` column when known.
 */
export const genericPreset: PersonPreset = {
  name: 'generic',
  idColumns: ['record_id', 'unique_id', 'id'],
  fields: [
    { name: 'first_name', columns: ['first_name', 'given_name'] },
    { name: 'last_name', columns: ['last_name', 'surname'] },
    { name: 'dob', columns: ['dob', 'date_of_birth', 'birth_date'] },
    { name: 'city', columns: ['city'] },
    { name: 'email', columns: ['email'] },
    { name: 'zip', columns: ['zip', 'postcode', 'zip_code'] },
  ],
  truth: { columns: ['cluster', 'true_id'] },
  normalize: { dob: digitsOnly, zip: digitsOnly },
  blocking: [
    {
      name: 'last name sound and birth year',
      key: (v) => keyOf(soundex(at(v, LAST)), at(v, DOB).slice(0, 4)),
    },
    {
      name: 'first name sound and birth year',
      key: (v) => keyOf(soundex(at(v, FIRST)), at(v, DOB).slice(0, 4)),
    },
    {
      name: 'names in either order',
      key: (v) => keyOf(...[soundex(at(v, FIRST)), soundex(at(v, LAST))].sort(), at(v, DOB).slice(0, 3)),
    },
    { name: 'date of birth', key: (v) => at(v, DOB) },
    { name: 'mailbox', key: (v) => mailbox(at(v, EMAIL)) },
    { name: 'zip and last name initial', key: (v) => keyOf(at(v, ZIP), at(v, LAST).slice(0, 1)) },
    { name: 'city and last name sound', key: (v) => keyOf(at(v, CITY), soundex(at(v, LAST))) },
  ],
  comparisons: [
    nameComparison('first_name', FIRST, LAST),
    nameComparison('last_name', LAST, FIRST),
    fieldComparison('dob', DOB, DATE_LEVELS, compareDate),
    fieldComparison('city', CITY, TEXT_LEVELS, compareText),
    {
      spec: { name: 'email', levels: TEXT_LEVELS },
      compare: (a, b) => {
        // Another domain for the same mailbox (robert255@ at home and at work) is close, not different.
        const level = compareText(at(a, EMAIL), at(b, EMAIL));
        return level === 0 && mailbox(at(a, EMAIL)) === mailbox(at(b, EMAIL)) ? 1 : level;
      },
    },
    fieldComparison('zip', ZIP, CODE_LEVELS, compareCode),
  ],
  threshold: 0.8,
};
