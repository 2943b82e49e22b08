/**
 * A streaming replica of a throwaway primary (postgres-cluster.ts) for tests: `pg_basebackup -R` into a
 * new data directory, its own port on 127.0.0.1, hot standby so it answers reads. Stopped by its pid and
 * removed on stop.
 */
import { appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { type PostgresCluster, serverTools } from './postgres-cluster.js';

/** A running replica. */
export interface PostgresReplica {
  /** Connection URL of the replica's `postgres` database as the `postgres` superuser, over TCP. */
  url: string;
  port: number;
  /** The postmaster's process id (what `stop` signals). */
  pid: number;
  dataDir: string;
  /** A URL of the same database name as `databaseUrl` (on the primary), on the replica. */
  urlOf(databaseUrl: string): string;
  /** Fast shutdown by pid (SIGINT), SIGKILL if it lingers, then the directory removed; safe to call twice. */
  stop(): Promise<void>;
}

/** The line that lets the replica stream from the primary over loopback (initdb's default has one too). */
const REPLICATION_ENTRY = 'host replication all 127.0.0.1/32 trust';

/**
 * Starts a hot standby streaming from `primary`. The primary must run with `wal_level` replica or
 * logical (PostgreSQL's default); its pg_hba.conf gets a loopback replication entry when it has none.
 */
export async function startPostgresReplica(
  primary: PostgresCluster,
  options: { timeoutSeconds?: number } = {},
): Promise<PostgresReplica> {
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  await prepareReplication(primary);
  const binDir = await serverTools.findBinDir();
  const user = process.getuid?.() === 0 ? await serverTools.serverUser() : undefined;
  const command = (program: string, args: string[]) =>
    serverTools.commandAs(user, path.join(binDir, program), args);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sos-pg-replica-'));
  let server: Awaited<ReturnType<typeof serverTools.launchServer>> | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (server) await stopByPid(server.child.pid, server.exited, timeoutMs);
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    if (user) await chown(dataDir, user.uid, user.gid);
    const backup = await serverTools.runProcess(
      command('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        'postgres',
        '-D',
        dataDir,
        // Writes standby.signal and primary_conninfo: the new server starts as a streaming standby.
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '--no-sync',
      ]),
      dataDir,
    );
    if (backup.code !== 0) throw new Error(`pg_basebackup failed (exit ${backup.code}):\n${backup.output}`);
    // The copied postgresql.conf names the primary's socket directory; later lines win.
    await appendFile(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        '# Streaming replica for tests.',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dataDir.replaceAll("'", "''")}'`,
        'hot_standby = on',
        '',
      ].join('\n'),
    );
    const port = await serverTools.freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const logFile = path.join(dataDir, 'server.log');
    server = await serverTools.launchServer(
      command('postgres', ['-D', dataDir, '-p', String(port)]),
      dataDir,
      logFile,
    );
    const outcome = await serverTools.waitUntilReady(url, server, timeoutMs);
    if (outcome !== 'ready') {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(
        `the replica ${outcome === 'exited' ? 'exited during startup' : 'was not ready'}:\n${log}`,
      );
    }
    const pid = server.child.pid;
    if (pid === undefined) throw new Error('the replica started without a process id');
    return {
      url,
      port,
      pid,
      dataDir,
      urlOf: (databaseUrl) => {
        const onReplica = new URL(databaseUrl);
        onReplica.port = String(port);
        return onReplica.toString();
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Checks the primary's wal_level and gives it a loopback replication entry (then reloads) when missing. */
async function prepareReplication(primary: PostgresCluster): Promise<void> {
  const client = new pg.Client({ connectionString: primary.url });
  await client.connect();
  try {
    const level = (await client.query<{ wal_level: string }>('show wal_level')).rows[0]?.wal_level;
    if (level !== 'replica' && level !== 'logical') {
      throw new Error(
        `the primary runs with wal_level ${level}: a streaming replica needs replica or logical`,
      );
    }
    const hba = path.join(primary.dataDir, 'pg_hba.conf');
    const entries = await readFile(hba, 'utf8');
    const hasEntry = entries
      .split('\n')
      .some((line) => /^\s*host\s+replication\s+all\s+127\.0\.0\.1\/32\s+trust\b/.test(line));
    if (!hasEntry) {
      await appendFile(hba, `\n${REPLICATION_ENTRY}\n`);
      await client.query('select pg_reload_conf()');
    }
  } finally {
    await client.end();
  }
}

/** SIGINT is PostgreSQL's fast shutdown; a server still there after the timeout is killed. */
async function stopByPid(pid: number | undefined, exited: Promise<void>, timeoutMs: number): Promise<void> {
  if (pid === undefined) return;
  const gone = () => Promise.race([exited.then(() => true), delay(timeoutMs, false, { ref: false })]);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // Already gone.
  }
  if (await gone()) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await exited;
}
