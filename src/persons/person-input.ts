import { type FieldProblem, problem } from '../platform/errors.js';

/** Identifying details of the person who overdosed, sealed at rest and reached only through outreach. */
export interface PersonInput {
  first_name?: string;
  last_name?: string;
  birth_date?: string;
  phone?: string;
  email?: string;
  address?: string;
  /** Identifying fields sent outside `person` (`ssn`, `dob`...), under the names they were sent with. */
  other?: Record<string, unknown>;
}

const PERSON_FIELDS = ['first_name', 'last_name', 'birth_date', 'phone', 'email', 'address'] as const;

/** Reads the optional `person` object of a report; problems name the field as `person.x`. */
export function readPerson(value: unknown, problems: FieldProblem[]): PersonInput | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(problem('person', 'INVALID_TYPE', 'reject', 'expected an object'));
    return null;
  }
  const person: PersonInput = {};
  for (const field of PERSON_FIELDS) {
    const v = (value as Record<string, unknown>)[field];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') {
      problems.push(problem(`person.${field}`, 'INVALID_TYPE', 'reject', 'expected text'));
      continue;
    }
    person[field] = v.trim();
  }
  if (person.birth_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(person.birth_date)) {
    problems.push(problem('person.birth_date', 'INVALID_DATE', 'reject', `"${person.birth_date}"`));
  }
  return Object.keys(person).length ? person : null;
}
