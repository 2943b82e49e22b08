import type { Queryable } from '../database.js';

/**
 * Claims a job's due time for this server: true when no server claimed this due time (or a later one)
 * and no run of the job holds it. The upsert's row lock makes servers claiming at once wait for each
 * other, and the loser sees the winner's due time, so exactly one claim succeeds.
 */
export async function claimDueTime(
  db: Queryable,
  name: string,
  dueAt: Date,
  now: Date,
  holdUntil: Date,
): Promise<boolean> {
  const rows = await db.query(
    `insert into scheduled_jobs as job (name, due_at, running_until) values ($1, $2, $3)
     on conflict (name) do update set due_at = excluded.due_at, running_until = excluded.running_until
     where job.due_at < excluded.due_at and (job.running_until is null or job.running_until <= $4)
     returning name`,
    [name, dueAt, holdUntil, now],
  );
  return rows.length === 1;
}

/** Lets a job go once its run of `dueAt` has ended, with the error that ended it, if any. */
export async function releaseDueTime(
  db: Queryable,
  name: string,
  dueAt: Date,
  finishedAt: Date,
  error: string | null,
): Promise<void> {
  await db.query(
    `update scheduled_jobs set running_until = null, finished_at = $3, last_error = $4
     where name = $1 and due_at = $2`,
    [name, dueAt, finishedAt, error],
  );
}
