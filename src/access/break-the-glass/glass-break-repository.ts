import type { Queryable } from '../../platform/database.js';
import type { GlassBreak } from './glass-break.js';

const columns = `id, jurisdiction_id as "jurisdictionId", user_id as "userId", action,
  resource_type as "resourceType", resource_id as "resourceId", reason, opened_at as "openedAt",
  expires_at as "expiresAt"`;

/** Stores a broken glass. */
export async function insertGlassBreak(db: Queryable, glassBreak: GlassBreak): Promise<void> {
  await db.query(
    `insert into glass_breaks
       (jurisdiction_id, id, user_id, action, resource_type, resource_id, reason, opened_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      glassBreak.jurisdictionId,
      glassBreak.id,
      glassBreak.userId,
      glassBreak.action,
      glassBreak.resourceType,
      glassBreak.resourceId,
      glassBreak.reason,
      glassBreak.openedAt,
      glassBreak.expiresAt,
    ],
  );
}

/** The user's latest glass broken on the record for the action that is still open at `now`, or null. */
export async function findOpenGlassBreak(
  db: Queryable,
  key: Pick<GlassBreak, 'jurisdictionId' | 'userId' | 'action' | 'resourceType' | 'resourceId'>,
  now: Date,
): Promise<GlassBreak | null> {
  const [row] = await db.query<GlassBreak>(
    `select ${columns} from glass_breaks
     where jurisdiction_id = $1 and user_id = $2 and resource_type = $3 and resource_id = $4 and action = $5
       and expires_at > $6
     order by expires_at desc limit 1`,
    [key.jurisdictionId, key.userId, key.resourceType, key.resourceId, key.action, now],
  );
  return row ? { ...row, openedAt: new Date(row.openedAt), expiresAt: new Date(row.expiresAt) } : null;
}
