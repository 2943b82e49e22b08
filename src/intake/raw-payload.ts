import { isIdentifyingKey } from '../persons/identifying-keys.js';

/** A received record split by what may be stored where. */
export interface ScreenedPayload {
  /** What the report's raw payload keeps: the fields the channel reads and the allowed extra keys. */
  kept: Record<string, unknown>;
  /** Extra fields that identify a person, to be sealed with the person; empty when there are none. */
  identifying: Record<string, unknown>;
  /** Names of the extra fields sealed, in the order received. */
  sealedKeys: string[];
  /** Names of the extra fields neither read nor allowed by the organization's intake profile. */
  droppedKeys: string[];
}

/**
 * Splits a received record: keys the channel reads (`known`) stay; of the others, those that identify
 * a person go to the sealed person, those the organization's intake profile allows (`allowed`) stay,
 * and the rest are dropped, so nothing a sender adds unasked reaches a T2 table.
 */
export function screenRawPayload(
  raw: Record<string, unknown>,
  known: ReadonlySet<string>,
  allowed: ReadonlySet<string>,
): ScreenedPayload {
  // A file's rows hold only the columns its preset reads: the record is kept as it is, not copied.
  if (allKnown(raw, known)) return { kept: raw, identifying: {}, sealedKeys: [], droppedKeys: [] };
  const screened: ScreenedPayload = { kept: {}, identifying: {}, sealedKeys: [], droppedKeys: [] };
  for (const [key, value] of Object.entries(raw)) {
    if (known.has(key)) screened.kept[key] = value;
    else if (isIdentifyingKey(key)) {
      // An empty cell identifies nobody: it is left out, and no person is sealed for it.
      if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
        continue;
      screened.identifying[key] = value;
      screened.sealedKeys.push(key);
    } else if (allowed.has(key)) screened.kept[key] = value;
    else screened.droppedKeys.push(key);
  }
  return screened;
}

function allKnown(raw: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const key of Object.keys(raw)) if (!known.has(key)) return false;
  return true;
}
