import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeEachEngine, openTestDatabase } from '../../test/support/test-databases.js';
import { copyJson, copyLine, copyValue } from './copy-text.js';
import type { Database } from './database.js';

describe('COPY text format', () => {
  it('escapes what would end a field or a row, and writes NULL, booleans, dates and arrays', () => {
    assert.equal(copyValue('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
    assert.equal(copyValue(null), '\\N');
    assert.equal(copyValue('\\N'), '\\\\N', 'the text \\N is not NULL');
    assert.equal(copyValue(true), 't');
    assert.equal(copyValue(new Date('2024-01-02T03:04:05.678Z')), '2024-01-02T03:04:05.678Z');
    assert.equal(copyValue(['a', 'b "c"', 'd\\e']), '{"a","b \\\\"c\\\\"","d\\\\\\\\e"}');
    assert.throws(() => copyValue({ a: 1 }), TypeError);
    assert.throws(() => copyValue('a\u0000b'), /NUL/, 'a NUL has no COPY escape');
    assert.equal(copyLine([1, 'x']) + copyLine([2, null]), '1\tx\n2\t\\N\n');
    const json = JSON.stringify({ text: 'tab\t, newline\n, back\\slash, "quote"' });
    assert.equal(copyJson(json), copyValue(json), 'JSON text needs only its backslashes doubled');
  });
});

describeEachEngine('copyLines', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
    await db.query('create table copy_probe (t text, j jsonb, a text[], b boolean, n int, d timestamptz)');
  });
  after(() => dispose());

  it('stores awkward values exactly, inside and outside a transaction', async () => {
    const awkward = 'tab\there, newline\nthere, back\\slash, quote " and comma, and \\N';
    const json = JSON.stringify({ narrative: awkward, list: [1, 'two'] });
    const rows = [
      [
        awkward,
        json,
        ['fentanyl', 'a "quoted", item', 'back\\slash'],
        true,
        7,
        new Date('2024-05-01T10:00:00Z'),
      ],
      [null, null, [], null, null, null],
    ];
    await db.copyLines('copy_probe', ['t', 'j', 'a', 'b', 'n', 'd'], rows.map(copyLine).join(''));
    await db.transaction((tx) => tx.copyLines('copy_probe', ['t'], copyLine(['in a transaction'])));
    const stored = await db.query<{
      t: string | null;
      j: unknown;
      a: string[] | null;
      b: boolean | null;
      n: number | null;
      d: Date | null;
    }>('select t, j, a, b, n, d from copy_probe order by n nulls last, t nulls first');
    assert.equal(stored.length, 3);
    assert.equal(stored[0]?.t, awkward);
    assert.deepEqual(stored[0]?.j, JSON.parse(json));
    assert.deepEqual(stored[0]?.a, ['fentanyl', 'a "quoted", item', 'back\\slash']);
    assert.equal(stored[0]?.b, true);
    assert.equal(new Date(stored[0]?.d as Date).toISOString(), '2024-05-01T10:00:00.000Z');
    assert.deepEqual([stored[1]?.t, stored[1]?.j, stored[1]?.a, stored[1]?.b], [null, null, [], null]);
    assert.equal(stored[2]?.t, 'in a transaction');
  });
});
