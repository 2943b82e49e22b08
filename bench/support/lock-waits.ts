/**
 * What the sessions of a PostgreSQL server wait on, seen two ways: the server's own log of lock waits
 * (`log_lock_waits`, every wait longer than `deadlock_timeout`, with the application that waited and
 * the table it was working on) and samples of pg_stat_activity (what each active session waits on at
 * that moment, by application). Sessions name themselves with `application_name`.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Lock waits of one kind: who waited, for what lock, while doing what to which table. */
export interface LockWaitKind {
  /** "application: ShareLock on transaction (while updating tuple in audit_chain_heads)". */
  kind: string;
  /** Waits that ended with the lock acquired, and their total and longest milliseconds. */
  acquired: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Logs every lock wait longer than `thresholdMs` with the waiting session's application, for all
 * sessions, the open ones included. A low deadlock_timeout also runs the deadlock check that often,
 * which is cheap next to the waits it reports.
 */
export async function logLockWaits(adminUrl: string, thresholdMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('alter system set log_lock_waits = on');
    await client.query(`alter system set deadlock_timeout = '${Math.max(1, Math.round(thresholdMs))}ms'`);
    await client.query(`alter system set log_line_prefix = '%m [%p] app=%a '`);
    await client.query('select pg_reload_conf()');
  } finally {
    await client.end();
  }
}

/** The current size of the cluster's server log: waits logged from here on are the ones summed. */
export async function lockLogOffset(clusterDir: string): Promise<number> {
  return (await stat(path.join(clusterDir, 'server.log'))).size;
}

/** One "acquired ... after N ms" message of the log, with the application and what it was doing. */
export function parseLockWaits(log: string): LockWaitKind[] {
  const kinds = new Map<string, LockWaitKind>();
  const lines = log.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const acquired = /app=(\S*) LOG:\s+process \d+ acquired (\S+) on (.+?) after ([\d.]+) ms/.exec(line);
    if (!acquired) continue;
    const [, app, mode, object, ms] = acquired as unknown as [string, string, string, string, string];
    // "transaction 1234", "tuple (0,3) of relation 16400 of database 5", "advisory lock [5,1,2,3]".
    const what = object
      .replace(/^transaction \d+/, 'transaction')
      .replace(/^tuple \(\d+,\d+\) of relation \d+ of database \d+/, 'tuple')
      .replace(/^advisory lock \[.*\]/, 'advisory lock')
      .replace(/^relation \d+ of database \d+/, 'relation');
    // The CONTEXT line that follows says which table the waiter was working on.
    let doing = '';
    for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
      const context = /CONTEXT:\s+while (\w+(?: index)?) tuple \([\d,]+\) in relation "([^"]+)"/.exec(
        lines[j] as string,
      );
      if (context) {
        doing = ` (while ${context[1]} in ${context[2]})`;
        break;
      }
      if (/app=\S* (LOG|ERROR|WARNING):/.test(lines[j] as string)) break;
    }
    const kind = `${app || '(unnamed)'}: ${mode} on ${what}${doing}`;
    const entry = kinds.get(kind) ?? { kind, acquired: 0, totalMs: 0, maxMs: 0 };
    entry.acquired++;
    entry.totalMs += Number(ms);
    entry.maxMs = Math.max(entry.maxMs, Number(ms));
    kinds.set(kind, entry);
  }
  return [...kinds.values()].sort((a, b) => b.totalMs - a.totalMs);
}

/** The lock waits logged after `offset`, by kind, longest total first. */
export async function lockWaitsSince(clusterDir: string, offset: number): Promise<LockWaitKind[]> {
  const log = (await readFile(path.join(clusterDir, 'server.log'))).subarray(offset).toString('utf8');
  return parseLockWaits(log);
}

/** Samples of what active sessions were doing, by application and wait ("running" when none). */
export interface ActivitySamples {
  samples: number;
  /** "application: wait_event_type/wait_event" -> sessions seen in it, added over the samples. */
  seen: Map<string, number>;
}

/**
 * Samples pg_stat_activity of the database every `everyMs` until stopped: each active session other
 * than the sampler's, by its application and what it waits on.
 */
export async function sampleActivity(
  url: string,
  everyMs: number,
): Promise<{ stop(): Promise<ActivitySamples> }> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-sampler' });
  // A server stopped under the sampler (an interrupted run) ends its loop, not the process.
  client.on('error', () => {});
  await client.connect();
  const result: ActivitySamples = { samples: 0, seen: new Map() };
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await client.query<{ app: string; wait: string | null }>(
        `select coalesce(nullif(application_name, ''), backend_type) as app,
                wait_event_type || '/' || wait_event as wait
         from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
           and backend_type = 'client backend'`,
      );
      result.samples++;
      for (const row of rows.rows) {
        // A LISTEN connection waits for the client while "active" only between notifications.
        const key = `${row.app}: ${row.wait ?? 'running'}`;
        result.seen.set(key, (result.seen.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })().catch(() => {});
  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end();
      return result;
    },
  };
}

/** Lines for the printed figures: the biggest lock waits, then what the samples saw most. */
export function formatWaits(waits: LockWaitKind[], activity: ActivitySamples, top = 8): string[] {
  const lines: string[] = [];
  if (waits.length === 0) lines.push('lock waits logged: none');
  for (const w of waits.slice(0, top)) {
    lines.push(
      `lock waits: ${w.kind}: ${w.acquired} waits, ${w.totalMs.toFixed(0)} ms in all, longest ${w.maxMs.toFixed(0)} ms`,
    );
  }
  const seen = [...activity.seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, n] of seen) {
    lines.push(
      `pg_stat_activity: ${key}: ${(n / Math.max(1, activity.samples)).toFixed(2)} sessions on average over ${activity.samples} samples`,
    );
  }
  return lines;
}
