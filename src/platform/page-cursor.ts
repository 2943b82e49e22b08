import { SosError } from './errors.js';

// A page's cursor is the last row it showed (its time and id), opaque to clients so the ordering
// can change without breaking their links. Every keyset-paginated list reads it here, so a cursor a
// client made up is refused the same way everywhere rather than reaching SQL as a bad timestamp.

/** Where a page starts: after the row with this time and id, in the list's order. */
export interface PagePosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Only what encodePageCursor writes: years 1000-9999 with milliseconds, which PostgreSQL accepts. */
const INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor that continues after a row. */
export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

/** Reads a cursor given back by a client; VALIDATION_FAILED (400) on `cursor` when it is not one of ours. */
export function decodePageCursor(cursor: string): PagePosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2) {
      const [at, id] = decoded as unknown[];
      if (typeof at === 'string' && INSTANT.test(at) && typeof id === 'string' && UUID.test(id)) {
        const instant = new Date(at);
        // A date that does not exist (February 30th) comes back as another one.
        if (!Number.isNaN(instant.getTime()) && instant.toISOString() === at) return { at: instant, id };
      }
    }
  } catch {
    // Not base64url JSON: falls through to the error below.
  }
  throw new SosError('VALIDATION_FAILED', 'The cursor is not valid: use the cursor of a previous page', {
    field: 'cursor',
  });
}
