import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Database } from '../../src/platform/database.js';
import { readCatalog } from '../../src/platform/distribution/catalog-reader.js';
import { checkDatabaseDistribution } from '../../src/platform/distribution/distribution-check.js';
import type { DistributionViolation } from '../../src/platform/distribution/distribution-rules.js';
import { TABLE_KINDS, type TableKindDeclaration } from '../../src/platform/distribution/table-kinds.js';
import { describeEachEngine, openTestDatabase } from '../support/test-databases.js';

const asDistributed: TableKindDeclaration = { kind: 'distributed', reason: 'a scratch table of this test' };

/** Creates scratch tables, checks the whole database with them declared, and drops them again. */
async function violationsWith(
  db: Database,
  ddl: string,
  declared: Record<string, TableKindDeclaration>,
  dropped: string[],
): Promise<DistributionViolation[]> {
  await db.exec(ddl);
  try {
    return await checkDatabaseDistribution(db, { ...TABLE_KINDS, ...declared });
  } finally {
    await db.exec(dropped.map((t) => `drop table if exists ${t} cascade;`).join('\n'));
  }
}

/** The violations as `table constraint rule`, for short assertions. */
function named(violations: DistributionViolation[]): string[] {
  return violations.map((v) => `${v.table} ${v.constraint ?? '-'} ${v.rule}`);
}

describeEachEngine('every table is distributable by jurisdiction as declared', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;

  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  after(async () => {
    await dispose();
  });

  it('breaks no rule after all the migrations', async () => {
    assert.deepEqual(named(await checkDatabaseDistribution(db)), []);
  });

  it('has a declared kind for every table, and reads the keys the rules are about', async () => {
    const catalog = await readCatalog(db);
    assert.deepEqual(
      catalog.tables.map((t) => t.name).filter((name) => !TABLE_KINDS[name]),
      [],
    );
    assert.ok(catalog.tables.length >= 80, `${catalog.tables.length} tables`);
    // The catalog reading is what the rules stand on: an expression key reads as null, a unique
    // index beside a constraint is a key, a serial column shows its sequence's default.
    const users = catalog.tables.find((t) => t.name === 'users');
    assert.deepEqual(
      users?.keys.map((k) => [k.name, k.kind, k.columns]),
      [
        ['users_jurisdiction_id_id_pk', 'primary key', ['jurisdiction_id', 'id']],
        ['users_email_key', 'unique index', [null]],
      ],
    );
    const reports = catalog.tables.find((t) => t.name === 'reports');
    assert.ok(reports?.keys.some((k) => k.name === 'reports_source_record_key' && k.kind === 'unique index'));
    assert.deepEqual(catalog.tables.find((t) => t.name === 'audit_entries')?.triggers, [
      'audit_entries_append_only',
    ]);
    assert.deepEqual(catalog.sequences, [
      { name: 'outbox_events_id_seq', ownedBy: { table: 'outbox_events', column: 'id' } },
    ]);
  });

  it('fails a distributed table whose unique key or unique index lacks jurisdiction_id', async () => {
    const violations = await violationsWith(
      db,
      `create table scratch_codes (
         jurisdiction_id uuid not null, id uuid not null, code text not null, label text not null,
         primary key (jurisdiction_id, id),
         constraint scratch_codes_code_key unique (code),
         constraint scratch_codes_label_key unique (jurisdiction_id, label));
       create unique index scratch_codes_lower_code on scratch_codes (lower(code));
       create unique index scratch_codes_lower_label on scratch_codes (jurisdiction_id, lower(label));`,
      { scratch_codes: asDistributed },
      ['scratch_codes'],
    );
    assert.deepEqual(named(violations), [
      'scratch_codes scratch_codes_code_key key-without-distribution-column',
      'scratch_codes scratch_codes_lower_code key-without-distribution-column',
    ]);
  });

  it('fails a foreign key between distributed tables that does not match jurisdiction_id', async () => {
    const violations = await violationsWith(
      db,
      `create table scratch_parents (jurisdiction_id uuid not null, id uuid not null, primary key (jurisdiction_id, id));
       create table scratch_children (
         jurisdiction_id uuid not null, id uuid not null, parent_jurisdiction_id uuid not null, parent_id uuid not null,
         primary key (jurisdiction_id, id),
         constraint scratch_children_parent_fk foreign key (parent_jurisdiction_id, parent_id)
           references scratch_parents (jurisdiction_id, id),
         constraint scratch_children_same_parent_fk foreign key (jurisdiction_id, parent_id)
           references scratch_parents (jurisdiction_id, id));`,
      { scratch_parents: asDistributed, scratch_children: asDistributed },
      ['scratch_children', 'scratch_parents'],
    );
    assert.deepEqual(named(violations), [
      'scratch_children scratch_children_parent_fk foreign-key-without-distribution-column',
    ]);
  });

  it('passes a foreign key from a distributed table to a reference table', async () => {
    const violations = await violationsWith(
      db,
      `create table scratch_notes (
         jurisdiction_id uuid not null references jurisdictions (id), id uuid not null,
         primary key (jurisdiction_id, id));`,
      { scratch_notes: asDistributed },
      ['scratch_notes'],
    );
    assert.deepEqual(named(violations), []);
  });

  it('fails a serial or identity column in a distributed table', async () => {
    const violations = await violationsWith(
      db,
      `create table scratch_numbered (
         jurisdiction_id uuid not null, n bigserial, m bigint generated always as identity,
         primary key (jurisdiction_id, n));`,
      { scratch_numbered: asDistributed },
      ['scratch_numbered'],
    );
    assert.deepEqual(named(violations), [
      'scratch_numbered m sequence-in-shared-table',
      'scratch_numbered n sequence-in-shared-table',
    ]);
  });

  it('fails a trigger on a distributed table that is not declared safe on a shard', async () => {
    const violations = await violationsWith(
      db,
      `create table scratch_guarded (jurisdiction_id uuid not null, id uuid not null, primary key (jurisdiction_id, id));
       create trigger scratch_guarded_append_only before update or delete on scratch_guarded
         for each row execute function audit_entries_refuse_change();`,
      { scratch_guarded: asDistributed },
      ['scratch_guarded'],
    );
    assert.deepEqual(named(violations), [
      'scratch_guarded scratch_guarded_append_only trigger-on-shared-table',
    ]);
  });

  it('fails a table without a declared kind', async () => {
    const violations = await violationsWith(
      db,
      'create table scratch_forgotten (jurisdiction_id uuid not null, id uuid not null, primary key (jurisdiction_id, id));',
      {},
      ['scratch_forgotten'],
    );
    assert.deepEqual(named(violations), ['scratch_forgotten - table-kind-undeclared']);
  });

  it('checks a partitioned parent like a table and leaves its partitions to it', async () => {
    const violations = await violationsWith(
      db,
      `create table scratch_by_day (
         jurisdiction_id uuid not null, day date not null, id uuid not null,
         primary key (jurisdiction_id, day, id)) partition by range (day);
       create table scratch_by_day_2026 partition of scratch_by_day for values from ('2026-01-01') to ('2027-01-01');
       create table scratch_keyless_by_day (
         jurisdiction_id uuid not null, day date not null, id uuid not null,
         constraint scratch_keyless_by_day_pk primary key (day, id)) partition by range (day);
       create table scratch_keyless_by_day_2026 partition of scratch_keyless_by_day
         for values from ('2026-01-01') to ('2027-01-01');`,
      { scratch_by_day: asDistributed, scratch_keyless_by_day: asDistributed },
      ['scratch_by_day', 'scratch_keyless_by_day'],
    );
    // The partitions are neither undeclared nor checked again: only the parent's key is reported.
    assert.deepEqual(named(violations), [
      'scratch_keyless_by_day scratch_keyless_by_day_pk key-without-distribution-column',
    ]);
  });
});
