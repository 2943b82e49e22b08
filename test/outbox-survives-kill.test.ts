import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { cliActor } from '../src/access/roles.js';
import { buildApp } from '../src/main/app.js';
import { createAppContext } from '../src/main/app-context.js';
import { loadConfig } from '../src/platform/config.js';
import { type Database, openPostgres } from '../src/platform/database.js';
import { createTestDatabase, type TestDatabase } from './support/postgres-cluster.js';
import { OWN_ORIGIN, signInRoles } from './support/sign-in.js';
import { startServer, stopServer } from './support/sos-process.js';
import { clusterUrl, seedJurisdiction } from './support/test-databases.js';

const KEY = Buffer.alloc(32, 9).toString('base64');

/** Polls `read` until `done` holds of its answer; fails after `ms`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 120_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end)
      assert.fail(`never happened within ${ms / 1000} s: ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbox: an event survives a server killed before it was handled', { timeout: 600_000 }, () => {
  let database: TestDatabase;
  let db: Database;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-outbox-kill-'));
  let ruleId: string;
  let key: string;

  before(async () => {
    database = await createTestDatabase(clusterUrl());
    db = await openPostgres(database.url);
    // Set up in this process: a jurisdiction, a rule raised by one overdose, a CAD system's key.
    const config = {
      ...loadConfig({}),
      dataDir,
      databaseUrl: database.url,
      encryptionKeys: [KEY],
      alertScheduleMinutes: 0,
      reportScheduleSeconds: 0,
    };
    const context = await createAppContext(config, { db });
    const { jurisdiction, organization } = await seedJurisdiction(db);
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: organization.id,
      name: 'cad',
    }));
    const app = await buildApp(context);
    const cookie = (await signInRoles(app, context, jurisdiction.id, ['analyst'])).get('analyst') as string;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: { cookie, origin: OWN_ORIGIN },
      payload: { name: 'Any overdose', minimum_count: 1, cool_down_minutes: 60 },
    });
    assert.equal(created.statusCode, 201, created.body);
    ruleId = created.json().id;
    await app.close();
    // This process takes no events: it stops listening, and its outbox with it.
    await context.stop();
    await context.live.disconnect();
  });

  after(async () => {
    await db.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = {
    DATABASE_URL: '',
    SOS_DATA_DIR: dataDir,
    SOS_ENCRYPTION_KEYS: KEY,
    SOS_ADMIN_EMAIL: '',
    SOS_ADMIN_PASSWORD: '',
    // A claim holds its event one second, so the next server need not wait five minutes.
    SOS_OUTBOX_HOLD_SECONDS: '1',
    SOS_ALERT_SCHEDULE_MINUTES: '0',
    SOS_REPORT_SCHEDULE_SECONDS: '0',
    SOS_ALERT_DELIVERY_SECONDS: '0',
  };
  const alertCount = async () =>
    Number(
      (await db.query<{ n: number }>('select count(*)::int as n from alerts where rule_id = $1', [ruleId]))[0]
        ?.n,
    );
  const outboxRows = () =>
    db.query<{ attempts: number; handled: boolean }>(
      "select attempts, handled_at is not null as handled from outbox_events where topic = 'overdoses.changed'",
    );

  it('is handled by the next server: the alert is raised', async () => {
    const serverEnv = { ...env, DATABASE_URL: database.url };
    // Holding the rule's lock stops the first server inside its evaluation, the event claimed.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
      `alert_rule:${ruleId}`,
    ]);
    const first = await startServer(serverEnv, ['--no-demo']);
    try {
      const posted = await fetch(`${first.url}/api/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          source_record_id: 'cad-1',
          occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
          latitude: 41.7712,
          longitude: -72.6734,
        }),
      });
      assert.equal(posted.status, 201, await posted.text());
      await until(
        outboxRows,
        (rows) => rows.length === 1 && (rows[0]?.attempts ?? 0) >= 1,
        'the event claimed',
      );
      await until(
        () =>
          db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`,
          ),
        (rows) => (rows[0]?.n ?? 0) >= 1,
        'the first server waiting for the rule inside its evaluation',
      );
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await exited;
    } finally {
      await holder.query('rollback');
      await holder.end();
      // Stopped here only when a failure came before the kill.
      if (first.child.exitCode === null && first.child.signalCode === null) await stopServer(first.child);
    }
    assert.equal(await alertCount(), 0, 'the killed server raised nothing');
    assert.deepEqual(
      (await outboxRows()).map((r) => r.handled),
      [false],
      'the event is still to be handled',
    );

    const second = await startServer(serverEnv, ['--no-demo']);
    try {
      await until(alertCount, (n) => n === 1, 'the next server raises the alert');
      await until(outboxRows, (rows) => rows[0]?.handled === true, 'the event marked handled');
    } finally {
      await stopServer(second.child);
    }
  });
});
