import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../../src/access/roles.js';
import { hashPassword } from '../../src/access/users/password.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { type Database, openPglite, openPostgres } from '../../src/platform/database.js';
import { migrate, readMigrations } from '../../src/platform/migrate.js';
import { createTestDatabase } from '../support/postgres-cluster.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import {
  clusterUrl,
  describeEachEngine,
  type Engine,
  openTestContext,
  seedJurisdiction,
} from '../support/test-databases.js';

/** An empty database on the engine with no migration applied. */
async function openBareDatabase(engine: Engine): Promise<{ db: Database; dispose(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite('memory://');
    return { db, dispose: () => db.close() };
  }
  const created = await createTestDatabase(clusterUrl());
  const db = await openPostgres(created.url);
  return { db, dispose: () => db.close().then(created.drop) };
}

describeEachEngine('emails are unique across the deployment', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const createIn = (jurisdictionId: string, email: string) =>
    context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: email,
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });

  it('refuses an email that a user of another jurisdiction has, whatever its case, and the first still signs in', async () => {
    const first = (await seedJurisdiction(context.db)).jurisdiction.id;
    const second = (await seedJurisdiction(context.db)).jurisdiction.id;
    await createIn(first, 'pat@example.org');
    await assert.rejects(createIn(second, ' PAT@Example.org'), {
      code: 'EMAIL_TAKEN',
      message: /Another user already has the email pat@example\.org/,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Pat@example.org', password: TEST_PASSWORD },
      remoteAddress: '192.0.2.10',
    });
    assert.equal(login.statusCode, 200, login.body);
  });

  it('lets exactly one of two users created at once with the same email in', async () => {
    const ids = [
      (await seedJurisdiction(context.db)).jurisdiction.id,
      (await seedJurisdiction(context.db)).jurisdiction.id,
    ];
    const results = await Promise.allSettled(ids.map((id) => createIn(id, 'same.time@example.org')));
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal(refused.reason.code, 'EMAIL_TAKEN');
  });

  it('refuses an email without a name and a domain', async () => {
    const id = (await seedJurisdiction(context.db)).jurisdiction.id;
    await assert.rejects(createIn(id, 'not an email'), { code: 'VALIDATION_FAILED' });
  });

  it('keeps the earliest of the users that shared an email before the migration and disables the others', async () => {
    const { db, dispose } = await openBareDatabase(engine);
    try {
      // Bring the database to the migration before the one that makes emails unique, as a server
      // that ran an earlier version left it.
      const migrations = readMigrations();
      const uniqueAt = migrations.findIndex((m) => m.statements.some((s) => s.includes('lower("email")')));
      assert.ok(uniqueAt > 0);
      await db.query(
        'create table schema_migrations (tag text primary key, applied_at timestamptz not null default now())',
      );
      for (const migration of migrations.slice(0, uniqueAt)) {
        for (const statement of migration.statements) await db.query(statement);
        await db.query('insert into schema_migrations (tag) values ($1)', [migration.tag]);
      }
      const hash = await hashPassword(TEST_PASSWORD);
      const users = [
        { email: 'pat@example.org', createdAt: '2024-03-01T00:00:00Z' },
        { email: 'Pat@Example.org', createdAt: '2024-02-01T00:00:00Z' },
        { email: 'pat@example.org', createdAt: '2024-04-01T00:00:00Z' },
        { email: 'Lee@Example.org', createdAt: '2024-01-01T00:00:00Z' },
      ].map((u) => ({ ...u, jurisdictionId: randomUUID(), id: randomUUID() }));
      for (const u of users) {
        await db.query(
          `insert into jurisdictions (id, short_name, name, time_zone) values ($1, $2, 'J', 'UTC')`,
          [u.jurisdictionId, u.jurisdictionId.slice(0, 8)],
        );
        await db.query(
          `insert into users (jurisdiction_id, id, email, display_name, role, password_hash, created_at)
           values ($1, $2, $3, 'x', 'analyst', $4, $5)`,
          [u.jurisdictionId, u.id, u.email, hash, u.createdAt],
        );
      }
      await migrate(db);
      const after = await db.query<{ id: string; email: string; disabled: boolean }>(
        'select id, email, disabled_at is not null as disabled from users',
      );
      const byId = new Map(after.map((u) => [u.id, u]));
      const [laterPat, earliestPat, latestPat, lee] = users.map((u) => byId.get(u.id));
      assert.deepEqual(earliestPat, { id: users[1]?.id, email: 'pat@example.org', disabled: false });
      assert.deepEqual(lee, { id: users[3]?.id, email: 'lee@example.org', disabled: false });
      for (const [user, original] of [
        [laterPat, users[0]],
        [latestPat, users[2]],
      ] as const) {
        assert.deepEqual(user, {
          id: original?.id,
          email: `pat@example.org#duplicate-${original?.id}`,
          disabled: true,
        });
      }
    } finally {
      await dispose();
    }
  });
});
