import { SosError } from '../platform/errors.js';
import { type DirectoryMatch, nameKey } from './directory-search.js';

// A page of search results continues after the last service shown, by the list's own order (distance,
// name, id), not by a count: a service added or closed between two pages then neither repeats one nor
// skips one. The cursor is opaque to clients; only what `encode` wrote reads back.

/** Where a page ends: the last service's distance, folded name and id. */
export interface DirectoryPagePosition {
  distanceKm: number | null;
  name: string;
  id: string;
}

/** The cursor that continues after a position of the list. */
export function encodeDirectoryCursor(position: DirectoryPagePosition): string {
  return Buffer.from(JSON.stringify([position.distanceKm, position.name, position.id])).toString('base64url');
}

/** Reads a cursor given back by a client; VALIDATION_FAILED (400) on `cursor` when it is not one of ours. */
function decode(cursor: string): DirectoryPagePosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 3) {
      const [distanceKm, name, id] = decoded as unknown[];
      const distanceOk = distanceKm === null || (typeof distanceKm === 'number' && distanceKm >= 0);
      if (distanceOk && typeof name === 'string' && typeof id === 'string' && id !== '') {
        return { distanceKm: distanceKm as number | null, name, id };
      }
    }
  } catch {
    // Not base64url JSON: falls through to the error below.
  }
  throw new SosError('VALIDATION_FAILED', 'The cursor is not valid: use the next_cursor of a previous page', {
    field: 'cursor',
  });
}

/** Whether a match comes after the position in the list's order (compareMatches). */
function isAfter(match: DirectoryMatch, position: DirectoryPagePosition): boolean {
  const { distanceKm } = match;
  if (distanceKm !== position.distanceKm) {
    if (distanceKm === null) return true;
    if (position.distanceKm === null) return false;
    return distanceKm > position.distanceKm;
  }
  const name = nameKey(match.service);
  if (name !== position.name) return name > position.name;
  return match.service.id > position.id;
}

/** One page of the ordered matches: up to `limit` after the cursor, and the cursor of the next page (or null). */
export function pageOfMatches(
  matches: readonly DirectoryMatch[],
  limit: number,
  cursor?: string,
): { page: DirectoryMatch[]; nextCursor: string | null } {
  const position = cursor === undefined ? null : decode(cursor);
  const start = position ? matches.findIndex((m) => isAfter(m, position)) : 0;
  const page = start < 0 ? [] : matches.slice(start, start + limit);
  const last = page.at(-1);
  const more = start >= 0 && start + limit < matches.length;
  return {
    page,
    nextCursor:
      more && last
        ? encodeDirectoryCursor({
            distanceKm: last.distanceKm,
            name: nameKey(last.service),
            id: last.service.id,
          })
        : null,
  };
}
