/**
 * CPU seconds used by a PostgreSQL server: the postmaster, its live children (backends, writer,
 * WAL writer...) and the children that already exited, read from /proc (Linux only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { clockTicksPerSecond } from './machine-cpu.js';

interface ProcessTimes {
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: the children this process has waited for, in clock ticks. */
  reaped: number;
}

function readTimes(pid: number): ProcessTimes | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is parenthesized and may hold spaces; the numeric fields follow its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return { ppid: field(4), own: field(14) + field(15), reaped: field(16) + field(17) };
}

/** The postmaster's pid, from the first line of postmaster.pid in the cluster's data directory. */
export function postmasterPid(dataDir: string): number {
  const pid = Number.parseInt(
    readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '',
    10,
  );
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dataDir}`);
  return pid;
}

/** Total CPU seconds of the server so far; take the difference of two readings to time a piece of work. */
export function serverCpuSeconds(postmaster: number): number {
  const root = readTimes(postmaster);
  if (!root) throw new Error(`postmaster ${postmaster} is not running`);
  let ticks = root.own + root.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(Number(entry));
    if (times?.ppid === postmaster) ticks += times.own + times.reaped;
  }
  return ticks / clockTicksPerSecond();
}
