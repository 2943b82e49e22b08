import { SosError } from '../platform/errors.js';
import type { QueueKey } from './case-queue-repository.js';

/** The opaque cursor of the queue's next page: the last case's place in the order. */
export function encodeQueueCursor(key: QueueKey): string {
  return Buffer.from(JSON.stringify([key.closed, key.due, key.id])).toString('base64url');
}

/** The place a cursor names; VALIDATION_FAILED (field cursor) for one this server did not make. */
export function decodeQueueCursor(cursor: string): QueueKey {
  try {
    const [closed, due, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof closed === 'boolean' &&
      typeof due === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(due) &&
      typeof id === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ) {
      return { closed, due, id };
    }
  } catch {
    // Not base64url JSON: refused below like any other cursor this server did not make.
  }
  throw new SosError('VALIDATION_FAILED', 'The cursor is not one this server gave out', { field: 'cursor' });
}
