import { SosError } from '../../platform/errors.js';
import type { ArchivePosition } from './archive-repository.js';

// A page's cursor is the last report it showed (its time and id), opaque to clients so the
// ordering can change without breaking their links.

/** The cursor that continues after a report. */
export function encodeArchiveCursor(position: ArchivePosition): string {
  return Buffer.from(JSON.stringify([position.madeAt.toISOString(), position.id])).toString('base64url');
}

/** Reads a cursor given back by a client; VALIDATION_FAILED on `cursor` when it is not one of ours. */
export function decodeArchiveCursor(cursor: string): ArchivePosition {
  try {
    const [madeAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = new Date(String(madeAt));
    if (
      typeof madeAt === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(at.getTime()) &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    ) {
      return { madeAt: at, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new SosError('VALIDATION_FAILED', 'The cursor is not valid: use next_cursor from a previous page', {
    field: 'cursor',
  });
}
