import { DetectionError } from '../detection-error.js';
import type { Coordinates } from './distance.js';
import { parseScanDate } from './scan-dates.js';

/** One row of a SaTScan case file: cases at a location on a day. */
export interface CaseRecord {
  readonly locationId: string;
  readonly count: number;
  /** Days since 1970-01-01. */
  readonly day: number;
  /** 1-based line number, for error messages. */
  readonly line: number;
}

/** One row of a SaTScan coordinates file. */
export interface LocationRecord extends Coordinates {
  readonly id: string;
}

/** The fields of each non-blank line (SaTScan's files are separated by white space or commas). */
function rows(text: string): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '') return;
    out.push({ fields: line.split(/[\s,]+/), line: index + 1 });
  });
  return out;
}

/**
 * Reads a case file of `location count date` rows (the space-time permutation model takes no
 * population; covariate columns, which would stratify the permutation, are refused).
 */
export function parseCaseFile(text: string, fileName: string): CaseRecord[] {
  return rows(text).map(({ fields, line }) => {
    const where = `${fileName} line ${line}`;
    if (fields.length !== 3) {
      throw new DetectionError(
        'SCAN_DATA_INVALID',
        `${where}: expected 3 fields (location, cases, date), found ${fields.length}${fields.length > 3 ? ' (covariates are not supported)' : ''}`,
      );
    }
    const count = Number(fields[1]);
    if (!Number.isInteger(count) || count < 0) {
      throw new DetectionError(
        'SCAN_DATA_INVALID',
        `${where}: the number of cases "${fields[1]}" is not a whole number`,
      );
    }
    return { locationId: fields[0] as string, count, day: parseScanDate(fields[2] as string, where), line };
  });
}

/** Reads a coordinates file of `location latitude longitude` (or `location x y`) rows. */
export function parseCoordinatesFile(text: string, fileName: string): LocationRecord[] {
  const seen = new Set<string>();
  return rows(text).map(({ fields, line }) => {
    const where = `${fileName} line ${line}`;
    if (fields.length !== 3) {
      throw new DetectionError(
        'SCAN_DATA_INVALID',
        `${where}: expected 3 fields (location and two coordinates)`,
      );
    }
    const [id, a, b] = fields as [string, string, string];
    const x = Number(a);
    const y = Number(b);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new DetectionError('SCAN_DATA_INVALID', `${where}: coordinates "${a} ${b}" are not numbers`);
    }
    if (seen.has(id))
      throw new DetectionError('SCAN_DATA_INVALID', `${where}: location ${id} is listed twice`);
    seen.add(id);
    return { id, x, y };
  });
}
