/**
 * A real load balancer for tests and benches: Debian's haproxy on a free loopback port, round robin
 * over the given backends with health checks, and timeouts long enough for server-sent events.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A backend: a name (in haproxy's stats and the X-SOS-Backend response header) and its base URL. */
export interface Backend {
  name: string;
  url: string;
}

/** A running haproxy. */
export interface LoadBalancer {
  url: string;
  pid: number;
  /** Requests each backend answered so far (haproxy's own count), by name. */
  requestCounts(): Promise<Map<string, number>>;
  /** Whether haproxy's health check holds each backend up, by name. */
  backendStatus(): Promise<Map<string, string>>;
  /** Stops haproxy by its pid and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** Where haproxy is: SOS_HAPROXY when set, else Debian's place for it (not on a user's PATH), else PATH. */
function haproxyBinary(): string {
  if (process.env.SOS_HAPROXY) return process.env.SOS_HAPROXY;
  return existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
}

/** A port free on 127.0.0.1 now (haproxy cannot be told port 0 and report what it got). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The configuration: round robin, a health check on /api/v1/health every second (a killed server
 * is out after three failed checks), `timeout tunnel`/`timeout server` of an hour so an idle event stream
 * is not cut (the server's 15 s heartbeat keeps it busy anyway), and the answering backend named in
 * a response header so tests see where each request landed.
 */
export function haproxyConfig(port: number, backends: readonly Backend[], statsSocket: string): string {
  const servers = backends.map((b) => {
    const { hostname, port: backendPort } = new URL(b.url);
    return `  server ${b.name} ${hostname}:${backendPort} check inter 1s fall 3 rise 1`;
  });
  return [
    'global',
    '  maxconn 4096',
    `  stats socket ${statsSocket} mode 600 level user`,
    'defaults',
    '  mode http',
    '  option redispatch',
    '  retries 2',
    '  timeout connect 2s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    '  timeout http-request 10s',
    '  timeout http-keep-alive 10s',
    // A busy server answers its check late rather than not at all (a killed one refuses at once).
    '  timeout check 5s',
    'frontend sos',
    `  bind 127.0.0.1:${port}`,
    '  default_backend servers',
    'backend servers',
    '  balance roundrobin',
    '  option httpchk GET /api/v1/health',
    '  http-check expect status 200',
    '  http-response set-header X-SOS-Backend %[srv_name]',
    ...servers,
    '',
  ].join('\n');
}

/** Sends one command to haproxy's stats socket and returns its answer. */
function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = net.createConnection(socket);
    let answer = '';
    client.on('data', (chunk) => {
      answer += chunk.toString();
    });
    client.on('end', () => resolve(answer));
    client.on('error', reject);
    client.write(`${command}\n`);
  });
}

/** The backends' rows of `show stat` (CSV with a `# ` header), by server name. */
async function backendRows(socket: string): Promise<Map<string, Record<string, string>>> {
  const lines = (await statsCommand(socket, 'show stat')).trim().split('\n');
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(1)) {
    const values = line.split(',');
    const row = Object.fromEntries(header.map((h, i) => [h, values[i] ?? '']));
    if (row.pxname === 'servers' && row.svname !== 'BACKEND') rows.set(row.svname as string, row);
  }
  return rows;
}

/** HTTP responses a backend gave (haproxy counts sessions apart; a kept-alive one carries many requests). */
function answered(row: Record<string, string>): number {
  return ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].reduce(
    (sum, column) => sum + Number(row[column] || 0),
    0,
  );
}

/** Starts haproxy in front of `backends` and resolves once it accepts connections. */
export async function startLoadBalancer(backends: readonly Backend[]): Promise<LoadBalancer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sos-haproxy-'));
  const port = await freePort();
  const statsSocket = path.join(dir, 'stats.sock');
  const config = path.join(dir, 'haproxy.cfg');
  await writeFile(config, haproxyConfig(port, backends, statsSocket));
  // -db: stay in the foreground, so the pid is haproxy's own and stopping it needs nothing else.
  const child: ChildProcess = spawn(haproxyBinary(), ['-db', '-f', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const ready = async () => {
    const end = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${output}`);
      try {
        await statsCommand(statsSocket, 'show info');
        await new Promise<void>((resolve, reject) => {
          const probe = net.createConnection(port, '127.0.0.1', () => {
            probe.end();
            resolve();
          });
          probe.on('error', reject);
        });
        return;
      } catch {
        if (Date.now() > end) throw new Error(`haproxy did not start within 20 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  try {
    await ready();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    requestCounts: async () =>
      new Map([...(await backendRows(statsSocket))].map(([name, row]) => [name, answered(row)])),
    backendStatus: async () =>
      new Map([...(await backendRows(statsSocket))].map(([name, row]) => [name, row.status ?? ''])),
    stop,
  };
}
