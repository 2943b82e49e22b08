import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../../test/support/postgres-cluster.js';
import { openPglite, openPostgres } from './database.js';
import { migrate, readMigrations } from './migrate.js';

describe('migrations', () => {
  it('apply once when several processes start against one PostgreSQL at the same moment', async () => {
    const target = await createTestDatabase(process.env.SOS_TEST_DATABASE_URL as string);
    const pools = await Promise.all(Array.from({ length: 4 }, () => openPostgres(target.url, 2)));
    try {
      const applied = await Promise.all(pools.map((db) => migrate(db)));
      const all = readMigrations().map((m) => m.tag);
      assert.deepEqual(applied.flat().sort(), all.sort(), 'each migration applied by exactly one process');
      const [row] = await (pools[0] as (typeof pools)[number]).query<{ n: number }>(
        'select count(*)::int as n from schema_migrations',
      );
      assert.equal(row?.n, all.length);
      assert.deepEqual(
        await migrate(pools[1] as (typeof pools)[number]),
        [],
        'a later start has nothing to do',
      );
    } finally {
      await Promise.all(pools.map((db) => db.close()));
      await target.drop();
    }
  });

  it('put jurisdiction_id in every primary key and unique constraint but those not distributed by jurisdiction', async () => {
    const db = await openPglite('memory://');
    try {
      await migrate(db);
      const rows = await db.query<{ table: string; index: string; columns: string[] }>(
        `select t.relname as table, i.relname as index,
           array(select a.attname from unnest(x.indkey) k join pg_attribute a
                 on a.attrelid = t.oid and a.attnum = k)::text[] as columns
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
         where n.nspname = 'public' and (x.indisunique or x.indisprimary) and t.relname <> 'schema_migrations'`,
      );
      assert.ok(rows.length >= 12);
      // Not distributed by jurisdiction under Citus (see ARCHITECTURE.md): the tenants themselves and
      // users' emails (reference tables), and the sign-in failure counts, the job runner's claims and
      // the outbox and the key rotations (coordinator-local tables: the platform's own, about no one
      // jurisdiction; the encryption keys are the deployment's).
      const tables = new Set([
        'jurisdictions',
        'sign_in_throttles',
        'scheduled_jobs',
        'outbox_events',
        'key_rotations',
      ]);
      const indexes = new Set(['users.users_email_key']);
      for (const row of rows) {
        if (tables.has(row.table) || indexes.has(`${row.table}.${row.index}`)) continue;
        assert.ok(
          row.columns.includes('jurisdiction_id'),
          `${row.table}.${row.index}: ${row.columns.join(', ')}`,
        );
      }
    } finally {
      await db.close();
    }
  });
});
