import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogColumn, CatalogDescription, CatalogForeignKey, CatalogTable } from './catalog-tables.js';
import { distributionStatements } from './distribution-plan.js';
import { checkDistribution, type DistributionViolation } from './distribution-rules.js';
import { sequencesNamedIn } from './migration-sequences.js';
import type { TableKindDeclaration } from './table-kinds.js';

function column(name: string, overrides: Partial<CatalogColumn> = {}): CatalogColumn {
  return { name, type: 'uuid', notNull: true, defaultExpression: null, identity: false, ...overrides };
}

/** A well-formed tenant table: jurisdiction_id and id, keyed on both. */
function tenantTable(name: string, overrides: Partial<CatalogTable> = {}): CatalogTable {
  return {
    name,
    partitioned: false,
    columns: [column('jurisdiction_id'), column('id')],
    keys: [{ name: `${name}_pk`, kind: 'primary key', columns: ['jurisdiction_id', 'id'], operators: [] }],
    foreignKeys: [],
    triggers: [],
    ...overrides,
  };
}

function foreignKey(name: string, overrides: Partial<CatalogForeignKey> = {}): CatalogForeignKey {
  return {
    name,
    columns: ['jurisdiction_id'],
    referencedTable: 'jurisdictions',
    referencedColumns: ['id'],
    onDelete: 'no action',
    onUpdate: 'no action',
    ...overrides,
  };
}

const kinds: Record<string, TableKindDeclaration> = {
  jurisdictions: { kind: 'reference', reason: 'tenants' },
  overdoses: { kind: 'distributed', reason: 'tenant data' },
  notes: { kind: 'distributed', reason: 'tenant data' },
  outbox: { kind: 'local', reason: 'machinery' },
};

const jurisdictions: CatalogTable = {
  name: 'jurisdictions',
  partitioned: false,
  columns: [column('id')],
  keys: [{ name: 'jurisdictions_pk', kind: 'primary key', columns: ['id'], operators: [] }],
  foreignKeys: [],
  triggers: [],
};

function check(tables: CatalogTable[], extra: Partial<CatalogDescription> = {}, named: string[] = []) {
  const present = new Set(tables.map((t) => t.name));
  const declared = Object.fromEntries(Object.entries(kinds).filter(([name]) => present.has(name)));
  return checkDistribution({ tables, sequences: [], ...extra }, declared, { migrationSequences: named }).map(
    (v: DistributionViolation) => `${v.table} ${v.constraint ?? '-'} ${v.rule}`,
  );
}

describe('the distribution rules', () => {
  it('pass tenant tables keyed on jurisdiction_id, pointing to a reference table', () => {
    assert.deepEqual(
      check([jurisdictions, tenantTable('overdoses', { foreignKeys: [foreignKey('overdoses_j_fk')] })]),
      [],
    );
  });

  it('want the distribution column present, not null and of the co-location type', () => {
    assert.deepEqual(check([tenantTable('notes', { columns: [column('id')], keys: [] })]), [
      'notes - distribution-column-missing',
    ]);
    assert.deepEqual(
      check([
        tenantTable('notes', { columns: [column('jurisdiction_id', { notNull: false, type: 'text' })] }),
      ]),
      [
        'notes jurisdiction_id distribution-column-nullable',
        'notes jurisdiction_id distribution-column-type',
      ],
    );
  });

  it('want an exclusion constraint to compare jurisdiction_id with =', () => {
    const exclusion = (operators: string[]) =>
      tenantTable('notes', {
        keys: [
          { name: 'notes_x', kind: 'exclusion constraint', columns: ['jurisdiction_id', 'id'], operators },
        ],
      });
    assert.deepEqual(check([exclusion(['=', '='])]), []);
    assert.deepEqual(check([exclusion(['&&', '='])]), ['notes notes_x key-without-distribution-column']);
  });

  it('refuse foreign keys Citus cannot keep: to a local table, from a reference or local table to shards', () => {
    const outbox: CatalogTable = {
      name: 'outbox',
      partitioned: false,
      columns: [column('id', { type: 'bigint' }), column('overdose_id')],
      keys: [{ name: 'outbox_pk', kind: 'primary key', columns: ['id'], operators: [] }],
      foreignKeys: [
        foreignKey('outbox_overdose_fk', {
          columns: ['overdose_id'],
          referencedTable: 'overdoses',
          referencedColumns: ['id'],
        }),
        foreignKey('outbox_j_fk', { columns: ['overdose_id'] }),
      ],
      triggers: [],
    };
    const overdoses = tenantTable('overdoses', {
      foreignKeys: [
        foreignKey('overdoses_outbox_fk', {
          columns: ['id'],
          referencedTable: 'outbox',
          referencedColumns: ['id'],
        }),
      ],
    });
    const referencing: CatalogTable = {
      ...jurisdictions,
      foreignKeys: [
        foreignKey('jurisdictions_overdose_fk', {
          columns: ['id'],
          referencedTable: 'overdoses',
          referencedColumns: ['id'],
        }),
      ],
    };
    assert.deepEqual(check([referencing, overdoses, outbox]), [
      'jurisdictions jurisdictions_overdose_fk foreign-key-across-kinds',
      'outbox outbox_overdose_fk foreign-key-across-kinds',
      'overdoses overdoses_outbox_fk foreign-key-across-kinds',
    ]);
  });

  it('refuse set null / set default on delete and cascade on update over jurisdiction_id', () => {
    const notes = (key: Partial<CatalogForeignKey>) =>
      tenantTable('notes', {
        columns: [column('jurisdiction_id'), column('id'), column('overdose_id')],
        foreignKeys: [
          foreignKey('notes_overdose_fk', {
            columns: ['jurisdiction_id', 'overdose_id'],
            referencedTable: 'overdoses',
            referencedColumns: ['jurisdiction_id', 'id'],
            ...key,
          }),
        ],
      });
    assert.deepEqual(check([tenantTable('overdoses'), notes({ onDelete: 'cascade' })]), []);
    assert.deepEqual(check([tenantTable('overdoses'), notes({ onDelete: 'set null' })]), [
      'notes notes_overdose_fk foreign-key-action-on-distribution-column',
    ]);
    assert.deepEqual(check([tenantTable('overdoses'), notes({ onUpdate: 'cascade' })]), [
      'notes notes_overdose_fk foreign-key-action-on-distribution-column',
    ]);
    // jurisdiction_id matched to the parent's id, not to its jurisdiction_id: not co-located.
    assert.deepEqual(
      check([tenantTable('overdoses'), notes({ referencedColumns: ['id', 'jurisdiction_id'] })]),
      ['notes notes_overdose_fk foreign-key-without-distribution-column'],
    );
  });

  it('refuse a partitioned reference table, and serial columns outside local tables', () => {
    assert.deepEqual(check([{ ...jurisdictions, partitioned: true }]), [
      'jurisdictions - partitioned-reference-table',
    ]);
    const counted = (table: string) => ({
      name: table,
      partitioned: false,
      columns: [
        column('jurisdiction_id'),
        column('id', { type: 'bigint', defaultExpression: `nextval('${table}_id_seq'::regclass)` }),
      ],
      keys: [
        {
          name: `${table}_pk`,
          kind: 'primary key' as const,
          columns: ['jurisdiction_id', 'id'],
          operators: [],
        },
      ],
      foreignKeys: [],
      triggers: [],
    });
    const sequences = (table: string) => [{ name: `${table}_id_seq`, ownedBy: { table, column: 'id' } }];
    assert.deepEqual(check([counted('outbox')], { sequences: sequences('outbox') }), []);
    assert.deepEqual(check([counted('jurisdictions')], { sequences: sequences('jurisdictions') }), [
      'jurisdictions id sequence-in-shared-table',
    ]);
  });

  it('refuse a sequence no local column owns, or one the migrations used and dropped', () => {
    assert.deepEqual(check([jurisdictions], { sequences: [{ name: 'ticket_numbers', ownedBy: null }] }), [
      '<none> ticket_numbers sequence-outside-local-table',
    ]);
    assert.deepEqual(check([jurisdictions], {}, ['backfill_numbers']), [
      '<none> backfill_numbers sequence-outside-local-table',
    ]);
  });

  it('refuse a trigger on a shared table unless declared safe on a shard; local tables keep theirs', () => {
    const guarded = (name: string) => tenantTable(name, { triggers: ['append_only'] });
    const outbox = { ...tenantTable('outbox'), triggers: ['wake_dispatcher'] };
    assert.deepEqual(check([guarded('overdoses'), outbox]), [
      'overdoses append_only trigger-on-shared-table',
    ]);
    const declared = { 'overdoses.append_only': 'raises and touches nothing else' };
    assert.deepEqual(
      checkDistribution(
        { tables: [guarded('overdoses')], sequences: [] },
        { overdoses: { kind: 'distributed', reason: 'tenant data' } },
        {
          shardTriggers: declared,
        },
      ),
      [],
    );
  });

  it('name a declared table that no longer exists, and an undeclared one', () => {
    const violations = checkDistribution({ tables: [tenantTable('extra')], sequences: [] }, kinds);
    assert.deepEqual(
      violations.map((v) => `${v.table} ${v.rule}`),
      [
        'extra table-kind-undeclared',
        'jurisdictions table-kind-stale',
        'notes table-kind-stale',
        'outbox table-kind-stale',
        'overdoses table-kind-stale',
      ],
    );
  });
});

describe('sequences named in migration SQL', () => {
  it('finds created sequences and nextval calls, without schema or quotes', () => {
    assert.deepEqual(
      sequencesNamedIn(`CREATE SEQUENCE IF NOT EXISTS public."ticket_numbers";
        update reports set n = nextval('backfill_numbers'); insert into t values (nextval( 'public.other_seq'::regclass))`),
      ['backfill_numbers', 'other_seq', 'ticket_numbers'],
    );
    assert.deepEqual(sequencesNamedIn('create table t (id bigserial primary key, n int default 1)'), []);
  });
});

describe('the distribution plan', () => {
  it('places reference tables first, then distributed tables after those they point to, in one group', () => {
    const outbox: CatalogTable = {
      name: 'outbox',
      partitioned: false,
      columns: [column('id', { type: 'bigint' })],
      keys: [],
      foreignKeys: [foreignKey('outbox_j_fk', { columns: ['id'] })],
      triggers: [],
    };
    const notes = tenantTable('notes', {
      foreignKeys: [
        foreignKey('notes_overdose_fk', {
          columns: ['jurisdiction_id', 'id'],
          referencedTable: 'overdoses',
          referencedColumns: ['jurisdiction_id', 'id'],
        }),
      ],
    });
    const overdoses = tenantTable('overdoses', { partitioned: true });
    assert.deepEqual(distributionStatements([notes, outbox, overdoses, jurisdictions], kinds), [
      "select create_reference_table('jurisdictions');",
      "select create_distributed_table('overdoses', 'jurisdiction_id', colocate_with => 'none');",
      "select create_distributed_table('notes', 'jurisdiction_id', colocate_with => 'overdoses');",
      "select citus_add_local_table_to_metadata('outbox');",
    ]);
    // After a later migration: only the new table, in the group of those already placed.
    assert.deepEqual(
      distributionStatements([notes, outbox, overdoses, jurisdictions], kinds, [
        'jurisdictions',
        'overdoses',
        'outbox',
      ]),
      ["select create_distributed_table('notes', 'jurisdiction_id', colocate_with => 'overdoses');"],
    );
  });
});
