import type { Queryable } from '../../platform/database.js';

/** A key rotation and its progress. */
export interface KeyRotation {
  id: string;
  newKeyId: string;
  startedAt: Date;
  finishedAt: Date | null;
  sealedTotal: number;
  done: number;
}

const COLUMNS = `id, new_key_id as "newKeyId", started_at as "startedAt", finished_at as "finishedAt",
  sealed_total as "sealedTotal", done`;

/** Records a rotation that has just begun. */
export async function insertKeyRotation(db: Queryable, rotation: KeyRotation): Promise<void> {
  await db.query(
    `insert into key_rotations (id, new_key_id, started_at, finished_at, sealed_total, done)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      rotation.id,
      rotation.newKeyId,
      rotation.startedAt,
      rotation.finishedAt,
      rotation.sealedTotal,
      rotation.done,
    ],
  );
}

/** The rotation still re-sealing (the latest unfinished), or null. */
export async function findUnfinishedRotation(db: Queryable): Promise<KeyRotation | null> {
  const [row] = await db.query<KeyRotation>(
    `select ${COLUMNS} from key_rotations where finished_at is null order by started_at desc limit 1`,
  );
  return row ?? null;
}

/** The latest rotation, finished or not, or null. */
export async function findLatestRotation(db: Queryable): Promise<KeyRotation | null> {
  const [row] = await db.query<KeyRotation>(
    `select ${COLUMNS} from key_rotations order by started_at desc limit 1`,
  );
  return row ?? null;
}

/** Counts rows re-sealed by a rotation (in the transaction that re-sealed them). */
export async function addRotationDone(tx: Queryable, id: string, rows: number): Promise<void> {
  await tx.query('update key_rotations set done = done + $2 where id = $1', [id, rows]);
}

/** Marks a rotation finished; an older unfinished one (its key replaced since) ends with it. */
export async function finishRotations(db: Queryable, now: Date): Promise<void> {
  await db.query('update key_rotations set finished_at = $1 where finished_at is null', [now]);
}
