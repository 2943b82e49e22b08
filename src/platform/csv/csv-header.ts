import { SosError } from '../errors.js';
import { replaceInvalidUtf8 } from './utf8-chunk-decoder.js';

/** Which columns a file must have: all of `requiredColumns`, and at least one of each `requiredOneOf` group. */
export interface HeaderRequirements {
  requiredColumns?: string[] | undefined;
  requiredOneOf?: string[][] | undefined;
}

const OTHER_DELIMITERS = [
  { char: ';', name: 'semicolon' },
  { char: '\t', name: 'tab' },
  { char: '|', name: 'pipe' },
] as const;

/** Header names shown in an error message; the rest are counted so the message stays readable. */
const NAMES_SHOWN = 60;

/**
 * Turns the first row's cells into column names (trimmed) and rejects headers that make the whole
 * file unreadable, with the file name and what was found in every message.
 */
export function checkCsvHeader(cells: string[], fileName: string, required: HeaderRequirements): string[] {
  rejectNonText(cells, fileName);
  const names = cells.map((cell) => replaceInvalidUtf8(cell.trim()));
  rejectOtherDelimiter(names, fileName);
  rejectDuplicates(names, fileName);
  rejectReservedNames(names, fileName);
  rejectMissing(names, fileName, required);
  return names;
}

function rejectNonText(names: string[], fileName: string): void {
  const first = names[0] ?? '';
  // Byte order marks FF FE / FE FF arrive as escaped invalid bytes U+DCFF U+DCFE / U+DCFE U+DCFF.
  if (/^(\udcff\udcfe|\udcfe\udcff)/.test(first)) {
    throw new SosError(
      'CSV_MALFORMED',
      `${fileName}: the file is UTF-16 encoded; save it as "CSV UTF-8" and import it again`,
      { file: fileName },
    );
  }
  if (names.some((name) => name.includes('\u0000'))) {
    throw new SosError(
      'CSV_MALFORMED',
      `${fileName}: the file looks binary, not text (an Excel workbook or a compressed file?); save it as "CSV UTF-8" and import it again`,
      { file: fileName },
    );
  }
}

function rejectOtherDelimiter(names: string[], fileName: string): void {
  const only = names[0];
  if (names.length !== 1 || only === undefined) return;
  let best: (typeof OTHER_DELIMITERS)[number] | undefined;
  let bestCount = 0;
  for (const delimiter of OTHER_DELIMITERS) {
    const count = only.split(delimiter.char).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  if (!best) return;
  const shown = only.length > 200 ? `${only.slice(0, 200)}...` : only;
  throw new SosError(
    'CSV_WRONG_DELIMITER',
    `${fileName}: the header is a single column ${JSON.stringify(shown)}; the file looks ${best.name}-separated (${JSON.stringify(best.char)}), not comma-separated. Save it as comma-separated CSV and import it again`,
    { file: fileName, delimiter: best.char },
  );
}

function rejectDuplicates(names: string[], fileName: string): void {
  const positions = new Map<string, number[]>();
  names.forEach((name, index) => {
    const seen = positions.get(name);
    if (seen) seen.push(index + 1);
    else positions.set(name, [index + 1]);
  });
  const duplicates = [...positions].filter(([, columns]) => columns.length > 1);
  if (duplicates.length === 0) return;
  const described = duplicates.map(([name, columns]) => {
    const where = `columns ${columns.join(', ')}`;
    return name === '' ? `${where} have no name` : `${JSON.stringify(name)} (${where})`;
  });
  throw new SosError(
    'CSV_MALFORMED',
    `${fileName}: the header names a column more than once: ${described.join('; ')}`,
    { file: fileName, duplicates: duplicates.map(([name, columns]) => ({ name, columns })) },
  );
}

/** Records are plain objects keyed by column name; this one name would change the object instead. */
function rejectReservedNames(names: string[], fileName: string): void {
  if (!names.includes('__proto__')) return;
  throw new SosError(
    'CSV_MALFORMED',
    `${fileName}: "__proto__" cannot be a column name; rename that column`,
    {
      file: fileName,
    },
  );
}

function rejectMissing(names: string[], fileName: string, required: HeaderRequirements): void {
  const present = new Set(names);
  const missing = (required.requiredColumns ?? []).filter((name) => !present.has(name));
  const missingGroups = (required.requiredOneOf ?? []).filter(
    (group) => group.length > 0 && !group.some((name) => present.has(name)),
  );
  if (missing.length === 0 && missingGroups.length === 0) return;
  const wanted = [
    ...missing.map((name) => JSON.stringify(name)),
    ...missingGroups.map(
      (group) => `at least one of ${group.map((name) => JSON.stringify(name)).join(', ')}`,
    ),
  ];
  const shown = names.slice(0, NAMES_SHOWN).map((name) => JSON.stringify(name));
  if (names.length > NAMES_SHOWN) shown.push(`and ${names.length - NAMES_SHOWN} more`);
  throw new SosError(
    'CSV_MISSING_COLUMNS',
    `${fileName}: required columns are missing: ${wanted.join('; ')}. The header has: ${shown.join(', ')}`,
    { file: fileName, missing, missingOneOf: missingGroups, header: names },
  );
}
