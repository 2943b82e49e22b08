import { DetectionError } from '../detection-error.js';

/**
 * Reads a SaTScan parameter file (.prm): an INI file of `[Section]` headers, `;` comments and
 * `Key=Value` lines. SaTScan's keys are unique across sections, so the result is one flat map; a key
 * given twice is an error rather than a silent choice between the two.
 */
export function parsePrm(text: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith(';') || line.startsWith('[')) return;
    const equals = line.indexOf('=');
    if (equals <= 0) {
      throw new DetectionError(
        'SCAN_PARAMETER_INVALID',
        `Line ${index + 1} of the parameter file is not Key=Value: ${line}`,
      );
    }
    const key = line.slice(0, equals).trim();
    if (values.has(key)) {
      throw new DetectionError(
        'SCAN_PARAMETER_INVALID',
        `Parameter ${key} is given twice (line ${index + 1})`,
      );
    }
    values.set(key, line.slice(equals + 1).trim());
  });
  return values;
}
