/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, start on a free loopback
 * port, remove everything on stop. Durability is switched off because the data never outlives the run.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { access, appendFile, chown, mkdtemp, open, readdir, readFile, realpath, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/** Options for a throwaway cluster; every field has a sensible default. */
export interface PostgresClusterOptions {
  /** Directory holding initdb, pg_ctl and postgres; by default found on PATH or under /usr/lib/postgresql. */
  binDir?: string;
  /** Where the temporary directory is made; it must be reachable by the user running the server. */
  parentDir?: string;
  /** How long to wait for the server to start, and for pg_ctl to stop it. */
  timeoutSeconds?: number;
}

/** A running throwaway cluster. */
export interface PostgresCluster {
  /** Connection URL of the `postgres` database as the `postgres` superuser, over TCP. */
  url: string;
  port: number;
  /** The temporary directory holding the data, the server log and the Unix socket. */
  dataDir: string;
  /** Stops the server (killing it if a fast shutdown fails) and removes the directory; safe to call twice. */
  stop(): Promise<void>;
}

/** A database made for one test file. */
export interface TestDatabase {
  url: string;
  /** Drops the database, disconnecting anyone still connected. */
  drop(): Promise<void>;
}

/** The system user that owns the cluster when tests run as root and there is no `postgres` user. */
const fallbackUser = 'sos-test';
const startAttempts = 3;

interface ProcessResult {
  code: number | null;
  output: string;
}

/** An unprivileged user to run initdb and postgres as, which both refuse to run as root. */
interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** A postgres server process started by this module, and the promise of its exit. */
interface ServerProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts a fresh cluster and resolves once it accepts connections. */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = options.binDir ?? (await findBinDir());
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  const user = process.getuid?.() === 0 ? await serverUser() : undefined;
  const dataDir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), 'sos-pg-'));
  const command = (program: string, args: string[]) => commandAs(user, path.join(binDir, program), args);
  const logFile = path.join(dataDir, 'server.log');
  let server: ServerProcess | undefined;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (server) await stopServer(server, dataDir, command, timeoutMs);
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    if (user) await chown(dataDir, user.uid, user.gid);
    const initdb = await runProcess(
      command('initdb', [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--locale=C',
        '--auth-host=trust',
        '--auth-local=trust',
        '--no-sync',
        '--no-instructions',
      ]),
      dataDir,
    );
    if (initdb.code !== 0) throw new Error(`initdb failed (exit ${initdb.code}):\n${initdb.output}`);
    await appendFile(path.join(dataDir, 'postgresql.conf'), serverSettings(dataDir));

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      // The port goes on the command line so that a retry after losing the port race needs no rewrite.
      server = await launchServer(command('postgres', ['-D', dataDir, '-p', String(port)]), dataDir, logFile);
      const outcome = await waitUntilReady(url, server, timeoutMs);
      if (outcome === 'ready') return { url, port, dataDir, stop };
      await stopServer(server, dataDir, command, timeoutMs);
      const log = await readFile(logFile, 'utf8').catch(() => '');
      if (outcome === 'exited' && attempt < startAttempts && /could not bind|already in use/i.test(log)) {
        continue;
      }
      const reason = outcome === 'exited' ? 'exited during startup' : `was not ready within ${timeoutMs} ms`;
      throw new Error(
        `postgres ${reason}; server log (${logFile}):\n${log}\ninitdb output:\n${initdb.output}`,
      );
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Starts postgres as a child of this process rather than daemonized by pg_ctl, so that this process
 * reaps it: an orphaned server would otherwise be left as a zombie under an init that does not reap.
 * It gets its own process group so that Ctrl-C reaches the test runner, which then stops it in order.
 */
async function launchServer(
  [program, args]: [string, string[]],
  dataDir: string,
  logFile: string,
): Promise<ServerProcess> {
  const log = await open(logFile, 'a');
  try {
    const child = spawn(program, args, { cwd: dataDir, stdio: ['ignore', log.fd, log.fd], detached: true });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    return { child, exited };
  } finally {
    await log.close();
  }
}

/** Polls with real connections, which also proves the TCP listener and trust authentication work. */
async function waitUntilReady(
  url: string,
  server: ServerProcess,
  timeoutMs: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) return 'exited';
    try {
      await withClient(url, (client) => client.query('select 1'), 1000);
      return 'ready';
    } catch {
      await delay(50);
    }
  }
  return exited ? 'exited' : 'timeout';
}

/** Fast shutdown through pg_ctl; if that fails or hangs, the server is killed. */
async function stopServer(
  server: ServerProcess,
  dataDir: string,
  command: (program: string, args: string[]) => [string, string[]],
  timeoutMs: number,
): Promise<void> {
  if (hasExited(server.child)) return;
  const timeoutSeconds = String(Math.ceil(timeoutMs / 1000));
  const stopped = await runProcess(
    command('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', timeoutSeconds]),
    dataDir,
  );
  if (stopped.code !== 0 || !(await exitsWithin(server, 5000))) {
    await killServer(dataDir);
    // Without a pid file the child itself is all there is to kill.
    if (!(await exitsWithin(server, 5000))) server.child.kill('SIGKILL');
    await exitsWithin(server, 5000);
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function exitsWithin(server: ServerProcess, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const result = await Promise.race([server.exited.then(() => true), timedOut]);
  clearTimeout(timer);
  return result;
}

/** Creates an empty, uniquely named UTF-8 database on the cluster that `adminUrl` points at. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `sos_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

function serverSettings(dataDir: string): string {
  const socketDir = dataDir.replaceAll("'", "''");
  return [
    '',
    '# Throwaway test cluster: reachable on loopback only, durability traded for speed.',
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 200',
    '',
  ].join('\n');
}

async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
  connectionTimeoutMillis = 10_000,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Finds a directory with initdb, pg_ctl and postgres: PATH first, then the newest Debian install. */
async function findBinDir(): Promise<string> {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    // Links such as /usr/local/bin/initdb are followed so that pg_ctl and postgres are looked up
    // beside the real binary.
    const initdb = await realpath(path.join(dir, 'initdb')).catch(() => undefined);
    if (initdb) candidates.push(path.dirname(initdb));
  }
  const versions = await readdir('/usr/lib/postgresql').catch(() => []);
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  candidates.push(...versions.map((version) => path.join('/usr/lib/postgresql', version, 'bin')));
  for (const dir of candidates) {
    if (await hasServerBinaries(dir)) return dir;
  }
  throw new Error('initdb, pg_ctl and postgres were not found; run scripts/ensure-test-deps.sh');
}

async function hasServerBinaries(dir: string): Promise<boolean> {
  const checks = ['initdb', 'pg_ctl', 'postgres'].map((name) => access(path.join(dir, name), constants.X_OK));
  return Promise.all(checks).then(
    () => true,
    () => false,
  );
}

let serverUserLookup: Promise<ServerUser> | undefined;

/** The `postgres` system user when it exists, otherwise a system user created once for the tests. */
function serverUser(): Promise<ServerUser> {
  serverUserLookup ??= (async () => {
    const existing = (await lookupUser('postgres')) ?? (await lookupUser(fallbackUser));
    if (existing) return existing;
    try {
      await execFileAsync(findProgram('useradd') ?? 'useradd', [
        '--system',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        fallbackUser,
      ]);
    } catch (error) {
      // Exit code 9 means another run created the user first, which is just as good.
      if ((error as { code?: unknown }).code !== 9) throw error;
    }
    const created = await lookupUser(fallbackUser);
    if (!created) throw new Error(`useradd did not create the user ${fallbackUser}`);
    return created;
  })();
  return serverUserLookup;
}

async function lookupUser(name: string): Promise<ServerUser | undefined> {
  try {
    const uid = await execFileAsync('id', ['-u', name]);
    const gid = await execFileAsync('id', ['-g', name]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Wraps a command so it runs as `user`. setpriv is preferred because it execs the program in place, so
 * the server stays this process's direct child; runuser would sit in between as a supervisor.
 */
function commandAs(user: ServerUser | undefined, program: string, args: string[]): [string, string[]] {
  if (!user) return [program, args];
  const setpriv = findProgram('setpriv');
  if (setpriv) {
    const ids = ['--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups'];
    return [setpriv, [...ids, '--', program, ...args]];
  }
  return [findProgram('runuser') ?? 'runuser', ['-u', user.name, '--', program, ...args]];
}

/** Looks on PATH and in the sbin directories, which a root shell's PATH does not always include. */
function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      // Sync is fine: it runs a few times per cluster, before the server starts.
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** Runs a command to completion, collecting stdout and stderr together for error reports. */
function runProcess([program, args]: [string, string[]], cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    // The working directory must be readable by the server user; the caller's may not be.
    const child = spawn(program, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Ends a server that pg_ctl could not stop: immediate shutdown first, then SIGKILL for all of it. */
async function killServer(dataDir: string): Promise<void> {
  const pidLine = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(pidLine.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  signal(pid, 'SIGQUIT');
  // A stopped (SIGSTOP) server would hold the shutdown request until continued.
  signal(pid, 'SIGCONT');
  if (await waitForExit(pid, 5000)) return;
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  signal(pid, 'SIGKILL');
  for (const child of children.split(/\s+/).filter(Boolean)) signal(Number(child), 'SIGKILL');
  await waitForExit(pid, 5000);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await delay(50);
  }
  return !isAlive(pid);
}

/** Asks the kernel for a free loopback port; the server binds it moments later (a lost race is retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a loopback socket'));
      });
    });
  });
}

/** What a server started beside a cluster (a streaming replica, postgres-replica.ts) is started and awaited with. */
export const serverTools = {
  findBinDir,
  serverUser,
  commandAs,
  launchServer,
  waitUntilReady,
  runProcess,
  freePort,
};
