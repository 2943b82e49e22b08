import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import { createAppContext } from '../../src/main/app-context.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Database, openPostgres } from '../../src/platform/database.js';
import { type LoadBalancer, startLoadBalancer } from '../support/load-balancer.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-cluster.js';
import { OWN_ORIGIN, signInRoles, TEST_PASSWORD } from '../support/sign-in.js';
import { type SosServer, startServer, stopServer } from '../support/sos-process.js';
import { clusterUrl, seedJurisdiction } from '../support/test-databases.js';
import { ResumingStream } from './event-stream.js';

const KEY = Buffer.alloc(32, 19).toString('base64');
const NAMES = ['s1', 's2', 's3'];

/** Polls `read` until `done` holds of its answer; fails after `ms`. */
async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) assert.fail(`never happened within ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A loopback webhook receiver: every POST's JSON body, as the alert's subscriber sees them. */
async function startReceiver(): Promise<{
  url: string;
  bodies: Record<string, unknown>[];
  close(): Promise<void>;
}> {
  const bodies: Record<string, unknown>[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      bodies.push(JSON.parse(text || '{}') as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('three SOS servers behind haproxy on one PostgreSQL', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let db: Database;
  let balancer: LoadBalancer | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const servers = new Map<string, SosServer>();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-cluster-'));
  let jurisdictionId: string;
  let apiKey: string;
  let analystEmail: string;
  let ruleId: string;
  const streams: ResumingStream[] = [];

  before(async () => {
    database = await createTestDatabase(clusterUrl());
    db = await openPostgres(database.url);
    receiver = await startReceiver();
    // Set up in this process (which also runs the migrations): a jurisdiction, an analyst, a CAD
    // system's key and a rule raised by one overdose whose alert goes to the loopback webhook.
    const config = {
      ...loadConfig({ SOS_WEBHOOK_ALLOWED_RANGES: '127.0.0.0/8' }),
      dataDir,
      databaseUrl: database.url,
      encryptionKeys: [KEY],
      alertScheduleMinutes: 0,
      reportScheduleSeconds: 0,
    };
    const context = await createAppContext(config, { db });
    const { jurisdiction, organization } = await seedJurisdiction(db);
    jurisdictionId = jurisdiction.id;
    ({ key: apiKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: organization.id,
      name: 'cad',
    }));
    const app = await buildApp(context);
    const cookie = (await signInRoles(app, context, jurisdictionId, ['analyst'])).get('analyst') as string;
    analystEmail = `analyst.${jurisdictionId}@example.org`;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: { cookie, origin: OWN_ORIGIN },
      payload: {
        name: 'Any overdose',
        minimum_count: 1,
        cool_down_minutes: 60,
        webhook: { url: receiver.url, secret: 'a webhook secret of the test' },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    ruleId = created.json().id;
    await app.close();
    await context.stop();
    await context.live.disconnect();
    // Test-only instrumentation: every successful claim of a job's due time, with the server's name.
    await db.query(`create table claims_seen (name text, due_at timestamptz, server text)`);
    await db.query(`create function claim_seen() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' or new.due_at is distinct from old.due_at then
          insert into claims_seen values (new.name, new.due_at, current_setting('application_name'));
        end if;
        return new;
      end $$`);
    await db.query(
      'create trigger claim_seen after insert or update on scheduled_jobs for each row execute function claim_seen()',
    );

    const env = (name: string) => ({
      DATABASE_URL: database.url,
      PGAPPNAME: name,
      SOS_DATA_DIR: dataDir,
      SOS_ENCRYPTION_KEYS: KEY,
      SOS_ADMIN_EMAIL: '',
      SOS_ADMIN_PASSWORD: '',
      SOS_WEBHOOK_ALLOWED_RANGES: '127.0.0.0/8',
      SOS_OUTBOX_HOLD_SECONDS: '2',
      // Jobs due every second, so each due time's claim is seen many times over the test.
      SOS_REPORT_SCHEDULE_SECONDS: '1',
      SOS_ALERT_DELIVERY_SECONDS: '1',
      SOS_ALERT_SCHEDULE_MINUTES: '0',
    });
    // The first server alone (it may write the data directory's files), then the other two at once.
    servers.set('s1', await startServer(env('s1'), ['--no-demo']));
    const rest = await Promise.all(NAMES.slice(1).map((name) => startServer(env(name), ['--no-demo'])));
    for (const [i, server] of rest.entries()) servers.set(NAMES[i + 1] as string, server);
    balancer = await startLoadBalancer(
      NAMES.map((name) => ({ name, url: (servers.get(name) as SosServer).url })),
    );
  });

  after(async () => {
    for (const stream of streams) stream.connection?.close();
    await balancer?.stop();
    await Promise.all([...servers.values()].map((s) => stopServer(s.child as ChildProcess)));
    await receiver?.close();
    await db?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const lb = () => (balancer as LoadBalancer).url;
  let cookie = '';
  let posted = 0;
  /** POSTs one report through the balancer; a request caught by a dying server is sent again (idempotent). */
  const post = async () => {
    const n = posted++;
    const body = JSON.stringify({
      source_record_id: `cad-${n}`,
      occurred_at: new Date(Date.now() - 3_600_000 - n * 1000).toISOString(),
      latitude: 41.77,
      longitude: -72.67,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(`${lb()}/api/v1/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body,
        });
        const text = await response.text();
        if (response.status === 201 || response.status === 200) return response.headers.get('x-sos-backend');
        if (response.status < 500 || attempt >= 20) assert.fail(`POST answered ${response.status}: ${text}`);
      } catch (error) {
        if (attempt >= 20) throw error;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('keeps a session made through the balancer on every server', async () => {
    const login = await fetch(`${lb()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: analystEmail, password: TEST_PASSWORD }),
    });
    assert.equal(login.status, 200, await login.text());
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const landed = new Set<string>();
    for (let i = 0; i < 9; i++) {
      const response = await fetch(`${lb()}/api/v1/sources`, { headers: { cookie } });
      assert.equal(response.status, 200, `request ${i} on ${response.headers.get('x-sos-backend')}`);
      await response.arrayBuffer();
      landed.add(response.headers.get('x-sos-backend') ?? '');
    }
    assert.deepEqual([...landed].sort(), NAMES, 'the requests landed on all three servers');
    const counts = await (balancer as LoadBalancer).requestCounts();
    for (const name of NAMES) assert.ok((counts.get(name) ?? 0) > 0, `haproxy counted requests on ${name}`);
  });

  it('delivers live events from every server to every stream, and a stream whose server is killed resumes with each event once', async () => {
    // Three streams through the balancer: round robin spreads them over the servers.
    for (let i = 0; i < 3; i++) {
      const stream = new ResumingStream(lb(), cookie);
      await stream.connect();
      streams.push(stream);
    }
    const landedOn = streams.map((s) => s.connection?.backend);
    // Each stream has its id before any event: a reconnect at once would resume from there.
    await until(
      () => streams.every((s) => s.lastId !== ''),
      (ok) => ok,
      'every stream given its starting id',
    );
    const posters = new Set<string>();
    for (let i = 0; i < 9; i++) posters.add((await post()) ?? '');
    assert.deepEqual([...posters].sort(), NAMES, 'the reports were posted on all three servers');
    await until(
      () => streams.map((s) => s.pointIds().length),
      (n) => n.every((k) => k >= 9),
      'every stream hears the nine reports, whichever server took them',
    );

    // Kill -9 the server holding the first stream, and keep posting while it is gone.
    const victim = landedOn[0] as string;
    const killed = servers.get(victim) as SosServer;
    const exited = new Promise((resolve) => killed.child.once('exit', resolve));
    const posting = (async () => {
      for (let i = 0; i < 12; i++) await post();
    })();
    await new Promise((r) => setTimeout(r, 150));
    killed.child.kill('SIGKILL');
    await exited;
    servers.delete(victim);
    await posting;
    const expected = (
      await db.query<{ id: string }>('select id::text as id from overdoses where jurisdiction_id = $1', [
        jurisdictionId,
      ])
    ).map((r) => r.id);
    assert.equal(expected.length, 21, 'every report made its overdose');
    // A stream whose server died ends; like EventSource, it reconnects with its Last-Event-ID.
    for (const stream of streams) {
      if (landedOn[streams.indexOf(stream)] !== victim) continue;
      await stream.connection?.ended;
      await stream.connect();
      assert.notEqual(stream.connection?.backend, victim, 'the balancer sent the reconnect elsewhere');
    }
    for (const stream of streams) {
      await until(
        () => stream.pointIds().length,
        (n) => n >= expected.length,
        `stream via ${stream.backends.join(' then ')} hears all ${expected.length} overdoses`,
      );
    }
    await new Promise((r) => setTimeout(r, 500)); // Room for a duplicate to arrive, were one sent.
    for (const stream of streams) {
      const ids = stream.pointIds();
      assert.equal(new Set(ids).size, ids.length, `no overdose twice on the stream via ${stream.backends}`);
      assert.deepEqual([...ids].sort(), [...expected].sort(), 'every overdose on every stream');
      const positions = stream.events.map((e) => Number(e.id));
      assert.deepEqual(
        positions,
        positions.map((_, i) => (positions[0] as number) + i),
        'events in order, one per position, none skipped',
      );
    }
    assert.ok(
      streams.some((s) => s.backends.length === 2),
      'at least one stream lived through its server being killed',
    );
  });

  it('runs each job once per due time across the servers', async () => {
    // The one-second job keeps running while the test waits: enough due times to share out, however
    // quickly the tests before this one went.
    const readClaims = () =>
      db.query<{ name: string; due_at: Date; server: string }>(
        'select name, due_at, server from claims_seen order by due_at',
      );
    const runsOf = (rows: { name: string }[]) =>
      rows.filter((c) => c.name === 'publications.report-schedules');
    let claims = await readClaims();
    for (let waited = 0; runsOf(claims).length < 10 && waited < 60_000; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      claims = await readClaims();
    }
    const reportRuns = runsOf(claims);
    assert.ok(reportRuns.length >= 10, `the one-second job ran many times (${reportRuns.length})`);
    const keys = claims.map((c) => `${c.name}@${c.due_at.toISOString()}`);
    assert.equal(new Set(keys).size, keys.length, 'no due time of any job claimed twice');
    const servedBy = new Set(claims.map((c) => c.server));
    assert.ok(servedBy.size >= 2, `the runs were shared out (${[...servedBy]})`);
    const jobs = await db.query<{ name: string; running_until: Date | null; last_error: string | null }>(
      "select name, running_until, last_error from scheduled_jobs where name = 'publications.report-schedules'",
    );
    assert.equal(jobs[0]?.last_error ?? null, null);
  });

  it('delivers each outbox message once: one alert, one webhook call', async () => {
    const alerts = async () =>
      (await db.query<{ id: string }>('select id::text as id from alerts where rule_id = $1', [ruleId])).map(
        (r) => r.id,
      );
    await until(alerts, (ids) => ids.length >= 1, 'the rule raises its alert');
    await until(
      () =>
        db.query<{ n: number }>(
          "select count(*)::int as n from outbox_events where handled_at is null and topic = 'overdoses.changed'",
        ),
      (rows) => rows[0]?.n === 0,
      'every overdoses.changed event handled',
    );
    const raised = await alerts();
    await until(
      () => receiver.bodies.length,
      (n) => n >= raised.length,
      'the webhook called',
    );
    await new Promise((r) => setTimeout(r, 3_000)); // A second delivery would come within the hold.
    assert.equal(
      raised.length,
      1,
      'one alert within the cool-down, though 21 overdoses came through 3 servers',
    );
    assert.deepEqual(
      receiver.bodies.map((b) => b.alert_id),
      raised,
      'the webhook called once per alert',
    );
  });
});
