import { type FieldProblem, problem } from '../platform/errors.js';

const NUL = '\u0000';

/**
 * A key as it is named in a problem: a NUL inside it is shown as `\0` rather than cut off by readers,
 * and an empty key as `""` so that the problem still says where it is.
 */
function shown(key: string): string {
  return key === '' ? '""' : key.replaceAll(NUL, '\\0');
}

/**
 * One `NUL_CHARACTER` problem per field of a received record whose text (key or value) holds U+0000,
 * named by its path (`narrative`, `person.first_name`, `substances[1]`). PostgreSQL cannot store a NUL
 * in text, so it must reject the one report here rather than fail the batch's transaction.
 */
export function nulCharacterProblems(record: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      if (value.includes(NUL)) {
        problems.push(problem(path, 'NUL_CHARACTER', 'reject', `at character ${value.indexOf(NUL) + 1}`));
      }
      return;
    }
    // Nesting deeper than a report's own (person, substances) is not walked further: it is not stored
    // as text columns, and a hostile body must not make this recurse without end.
    if (typeof value !== 'object' || value === null || depth > 8) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, `${path}[${i}]`, depth + 1);
      });
      return;
    }
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      // Nearly every field is text without a NUL: its path is not worth building.
      if (typeof item === 'string' && !item.includes(NUL) && !key.includes(NUL)) continue;
      const at = path ? `${path}.${shown(key)}` : shown(key);
      if (key.includes(NUL)) problems.push(problem(at, 'NUL_CHARACTER', 'reject', 'in the field name'));
      else visit(item, at, depth + 1);
    }
  };
  visit(record, '', 0);
  return problems;
}
