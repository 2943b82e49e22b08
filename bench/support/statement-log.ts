/**
 * Where a PostgreSQL server spends its statement time: every statement's duration is logged
 * (log_min_duration_statement = 0) and the server log is added up by statement afterwards. Logging
 * every statement slows the server a little, so this is a diagnosis, not part of a timed figure.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Time spent on one statement text in one protocol phase. */
export interface StatementTime {
  /** parse, bind, execute (extended protocol) or statement (simple protocol). */
  phase: string;
  /** The start of the statement text, whitespace collapsed. */
  text: string;
  calls: number;
  milliseconds: number;
}

/** Turns on logging of every statement's duration for all sessions, the open ones included. */
export async function logEveryStatement(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('alter system set log_min_duration_statement = 0');
    await client.query('select pg_reload_conf()');
  } finally {
    await client.end();
  }
}

/** The current size of the cluster's server log: statements logged from here on are the ones summed. */
export async function serverLogOffset(clusterDir: string): Promise<number> {
  return (await stat(path.join(clusterDir, 'server.log'))).size;
}

/** Adds up the logged durations after `offset`, by phase and statement text, largest first. */
export async function statementTimes(clusterDir: string, offset: number): Promise<StatementTime[]> {
  const log = (await readFile(path.join(clusterDir, 'server.log'))).subarray(offset).toString('utf8');
  const times = new Map<string, StatementTime>();
  for (const match of log.matchAll(
    /duration: ([\d.]+) ms\s+(parse|bind|execute|statement)[^:]*: ([^\n]*)/g,
  )) {
    const phase = match[2] as string;
    const text = (match[3] as string).replace(/\s+/g, ' ').slice(0, 80);
    const key = `${phase} ${text}`;
    const entry = times.get(key) ?? { phase, text, calls: 0, milliseconds: 0 };
    entry.calls++;
    entry.milliseconds += Number(match[1]);
    times.set(key, entry);
  }
  return [...times.values()].sort((a, b) => b.milliseconds - a.milliseconds);
}

/** Printable lines: the total, then the `top` statements with their share of it. */
export function formatStatementTimes(times: StatementTime[], top = 12): string[] {
  const total = times.reduce((sum, t) => sum + t.milliseconds, 0);
  const lines = [`server statement time: ${(total / 1000).toFixed(2)} s in ${times.length} statement kinds`];
  for (const t of times.slice(0, top)) {
    const share = `${((100 * t.milliseconds) / total).toFixed(1)}%`.padStart(6);
    lines.push(
      `  ${share} ${(t.milliseconds / 1000).toFixed(2)} s ${String(t.calls).padStart(6)}x ${t.phase} ${t.text}`,
    );
  }
  return lines;
}
