import { SosError } from '../../../platform/errors.js';

// The trail is listed newest first by seq, which is unique in a jurisdiction's chain: a page's cursor
// is the seq of its last entry, opaque to clients like every other cursor of the API.

/** The cursor that continues below an entry. */
export function encodeAuditTrailCursor(seq: number): string {
  return Buffer.from(JSON.stringify([seq])).toString('base64url');
}

/** Reads a cursor given back by a client; VALIDATION_FAILED (400) on `cursor` when it is not one of ours. */
export function decodeAuditTrailCursor(cursor: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 1 &&
      Number.isSafeInteger(decoded[0]) &&
      decoded[0] > 0
    ) {
      return decoded[0] as number;
    }
  } catch {
    // Not base64url JSON: falls through to the error below.
  }
  throw new SosError('VALIDATION_FAILED', 'The cursor is not valid: use the cursor of a previous page', {
    field: 'cursor',
  });
}
