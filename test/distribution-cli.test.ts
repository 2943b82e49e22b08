import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../src/platform/database.js';
import { sos } from './support/sos-process.js';
import { openTestDatabase } from './support/test-databases.js';

// On PostgreSQL, the engine a Citus coordinator runs.
describe('sos distribution check and plan', () => {
  let database: { db: Database; dispose(): Promise<void>; url?: string };
  let env: NodeJS.ProcessEnv;
  before(async () => {
    database = await openTestDatabase('postgres');
    env = { DATABASE_URL: database.url };
  });
  after(() => database.dispose());

  it('passes the migrated schema, then names a table added without a kind and exits 1', async () => {
    const clean = await sos(['distribution', 'check', '--json'], env);
    assert.equal(clean.code, 0, clean.stderr);
    const report = JSON.parse(clean.stdout) as {
      tables: number;
      kinds: { distributed: number; reference: number; local: number };
      violations: [];
    };
    assert.deepEqual(report.violations, []);
    assert.equal(report.kinds.reference, 2);
    assert.equal(report.tables, report.kinds.distributed + report.kinds.reference + report.kinds.local);

    await database.db.exec('create table stray_notes (id uuid primary key, body text)');
    const broken = await sos(['distribution', 'check'], env);
    await database.db.exec('drop table stray_notes');
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /^stray_notes - table-kind-undeclared: no kind in /m);
    assert.match(broken.stdout, /; 1 violations$/m);
  });

  it('prints the placing SQL: reference tables, then one co-location group, for every declared table', async () => {
    const plan = await sos(['distribution', 'plan'], env);
    assert.equal(plan.code, 0, plan.stderr);
    const lines = plan.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), [
      "select create_reference_table('jurisdictions');",
      "select create_reference_table('users');",
    ]);
    const distributed = lines
      .slice(2)
      .map((l) => /create_distributed_table\('(\w+)', 'jurisdiction_id', colocate_with => '(\w+)'\)/.exec(l));
    assert.ok(distributed.every(Boolean), plan.stdout);
    const anchor = distributed[0]?.[1];
    assert.equal(distributed[0]?.[2], 'none');
    assert.ok(distributed.slice(1).every((m) => m?.[2] === anchor));
    assert.ok(distributed.some((m) => m?.[1] === 'overdoses'));
  });

  it('leaves out what Citus already places, joining the group of the tables already distributed', async () => {
    // Citus's metadata table, as the citus extension makes it (only the column the plan reads).
    await database.db.exec(`create table pg_dist_partition (logicalrelid regclass not null);
      insert into pg_dist_partition values ('jurisdictions'), ('users'), ('overdoses'), ('reports')`);
    const plan = await sos(['distribution', 'plan'], env);
    await database.db.exec('drop table pg_dist_partition');
    assert.equal(plan.code, 0, plan.stderr);
    const lines = plan.stdout.trim().split('\n');
    assert.ok(lines.length > 50, plan.stdout);
    assert.ok(
      lines.every((l) =>
        /^select create_distributed_table\('\w+', 'jurisdiction_id', colocate_with => 'overdoses'\);$/.test(
          l,
        ),
      ),
      plan.stdout,
    );
    const named = lines.map((l) => /create_distributed_table\('(\w+)'/.exec(l)?.[1]);
    assert.ok(named.includes('organizations'));
    assert.deepEqual(
      named.filter((n) => n === 'overdoses' || n === 'reports'),
      [],
    );
  });
});
