import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { SosError } from './errors.js';

/** The lock file's name inside the data directory. */
export const LOCK_FILE_NAME = 'sos.lock';

/** What a lock file holds: who opened the embedded database, where and when. */
export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  command: string;
  token: string;
  /** The holder's processIdentity, when the system tells it (Linux). */
  process?: string;
}

/** Who asks for the data directory: its command line (`sos import`), and what to do instead while a server holds it. */
export interface DataDirUser {
  command: string;
  /** One sentence: the running server's way of doing the same work, if it has one. */
  instead?: string;
}

/** A held lock; `release` removes the file if it is still this process's own. */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the data directory for this process alone. PGlite is one process's database: a second
 * process opening the same folder (even only to read: opening replays and checkpoints the WAL)
 * corrupts it for both, so every opening of an on-disk PGlite goes through here.
 *
 * The file is written aside and hard-linked into place, which fails when the name exists: the lock
 * appears whole or not at all. A lock whose process is gone (same host, no such pid) is stale and
 * taken over with a notice on `notice`; any other lock is refused with DATA_DIR_LOCKED.
 */
export function lockDataDir(
  dataDir: string,
  user: DataDirUser,
  notice: (line: string) => void = (line) => console.error(line),
): DataDirLock {
  const { command } = user;
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const own: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started_at: new Date().toISOString(),
    command,
    token: randomUUID(),
  };
  const identity = processIdentity(process.pid);
  if (identity) own.process = identity;
  const aside = `${file}.${own.token}`;
  writeFileSync(aside, `${JSON.stringify(own)}\n`);
  try {
    // Two rounds: the second follows a stale lock moved away.
    for (let round = 0; round < 2; round++) {
      try {
        linkSync(aside, file);
        return { file, release: () => releaseIfOwn(file, own.token) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      if (holder && !isStale(holder)) throw lockedError(dataDir, file, holder, user.instead);
      moveStaleAside(file, holder);
      notice(
        holder
          ? `notice: took over the lock of ${dataDir} left by ${describe(holder)}, which is no longer running`
          : `notice: took over the unreadable lock file ${file}`,
      );
    }
    throw new SosError('DATA_DIR_LOCKED', `Another process keeps taking the lock of ${dataDir}; try again`);
  } finally {
    unlinkSync(aside);
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return parsed as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Only a lock of this host can be proved stale: another host's pid says nothing here. Here it is
 * stale when no process has its pid, or when the process that has it is not the one that wrote the
 * lock (the pid was reused after a crash or a reboot).
 */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = processIdentity(holder.pid);
  return holder.process !== undefined && now !== null && now !== holder.process;
}

/**
 * Which process has a pid, beyond the pid: Linux's boot id and the process's start time in clock
 * ticks since boot, neither of which moves when the wall clock is set. Null off Linux, where a live
 * pid is taken as the holder.
 */
function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name, which may itself hold spaces and parentheses.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks ? `${bootId}:${startTicks}` : null;
  } catch {
    return null;
  }
}

/**
 * Renames the stale lock away rather than deleting it: if another process took it over in the
 * meantime, the renamed file is that live lock, and it is put back (link fails if yet another
 * process holds the name, which then keeps it).
 */
function moveStaleAside(file: string, judged: LockHolder | null): void {
  const moved = `${file}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(file, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const found = readHolder(moved);
  if (found && judged && found.token !== judged.token && !isStale(found)) {
    try {
      linkSync(moved, file);
    } catch {
      // Someone else holds the name now: they keep it.
    }
  }
  unlinkSync(moved);
}

function releaseIfOwn(file: string, token: string): void {
  if (readHolder(file)?.token !== token) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function describe(holder: LockHolder): string {
  return `\`${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.started_at})`;
}

function lockedError(dataDir: string, file: string, holder: LockHolder, instead?: string): SosError {
  const sameHost = holder.host === hostname();
  return new SosError(
    'DATA_DIR_LOCKED',
    `The data directory ${dataDir} is in use by ${describe(holder)}: the embedded database takes one process at a time. ` +
      `Stop that process${sameHost ? ` (kill ${holder.pid})` : ''} and run this command again. ` +
      (instead ? `${instead} ` : '') +
      (sameHost ? '' : `If no SOS runs on ${holder.host} any more, delete ${file}. `) +
      'With DATABASE_URL (PostgreSQL) several processes may share the database.',
    { dataDir, pid: holder.pid, host: holder.host, command: holder.command },
  );
}
