import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { problem } from '../errors.js';
import { type CsvItem, readCsv } from './read-csv.js';
import { createRejectedRowsWriter } from './rejected-rows-writer.js';

describe('createRejectedRowsWriter', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sos-rejected-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates no file when nothing was rejected', async () => {
    const file = path.join(dir, 'none.csv');
    const writer = createRejectedRowsWriter(file, ['id']);
    assert.deepEqual(await writer.close(), { count: 0 });
    assert.equal(existsSync(file), false);
  });

  it('writes row, line and reasons before the original header, quoting cells properly', async () => {
    const file = path.join(dir, 'nested', 'rejected.csv');
    const writer = createRejectedRowsWriter(file, ['id', 'place', 'note']);
    await writer.write({
      rowNumber: 7,
      line: 9,
      values: ['7', 'HARTFORD, CT\n(41.7, -72.6)', 'said "hi"'],
      problems: [
        problem('place', 'INVALID_UTF8'),
        problem('(row)', 'RAGGED_ROW', 'reject', 'expected 3 fields, found 4'),
      ],
    });
    await writer.write({
      rowNumber: 8,
      line: 11,
      values: { note: 'n', id: '8' },
      problems: [problem('id', 'REQUIRED')],
    });
    assert.deepEqual(await writer.close(), { count: 2 });
    assert.equal(
      readFileSync(file, 'utf8'),
      'row,line,reasons,id,place,note\r\n' +
        '7,9,"place: the text is not valid UTF-8 | (row): the row has a different number of fields than the header: expected 3 fields, found 4",7,"HARTFORD, CT\n(41.7, -72.6)","said ""hi"""\r\n' +
        '8,11,id: a value is required,8,,n\r\n',
    );
  });

  it('pads short rows and keeps the extra cells of long rows', async () => {
    const file = path.join(dir, 'ragged.csv');
    const writer = createRejectedRowsWriter(file, ['a', 'b']);
    await writer.write({ rowNumber: 1, line: 2, values: ['1'], problems: [] });
    await writer.write({ rowNumber: 2, line: 3, values: ['1', '2', '3'], problems: [] });
    await writer.close();
    assert.equal(readFileSync(file, 'utf8'), 'row,line,reasons,a,b\r\n1,2,,1,\r\n2,3,,1,2,3\r\n');
  });

  it('honours backpressure and round-trips through readCsv', async () => {
    const file = path.join(dir, 'many.csv');
    const writer = createRejectedRowsWriter(file, ['id', 'note']);
    const note = 'x,"y"\n'.repeat(2000);
    let waited = 0;
    for (let i = 1; i <= 200; i++) {
      const pending = writer.write({
        rowNumber: i,
        line: i + 1,
        values: [String(i), note],
        problems: [problem('id', 'REQUIRED')],
      });
      if (pending) {
        waited++;
        await pending;
      }
    }
    assert.ok(waited > 0, 'a 2 MB burst must fill the stream buffer at least once');
    assert.deepEqual(await writer.close(), { count: 200 });
    const items: CsvItem[] = [];
    for await (const item of readCsv(
      (async function* () {
        yield readFileSync(file);
      })(),
      { fileName: 'many.csv' },
    )) {
      items.push(item);
    }
    assert.deepEqual(items[0], { kind: 'header', header: ['row', 'line', 'reasons', 'id', 'note'], line: 1 });
    assert.equal(items.length, 201);
    const last = items[200];
    assert.equal(last?.kind, 'record');
    assert.deepEqual(last?.kind === 'record' ? last.fields : undefined, {
      row: '200',
      line: '201',
      reasons: 'id: a value is required',
      id: '200',
      note,
    });
  });

  it('throws when the file cannot be created', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const writer = createRejectedRowsWriter(path.join(blocker, 'rejected.csv'), ['id']);
    assert.throws(
      () => writer.write({ rowNumber: 1, line: 2, values: ['1'], problems: [] }),
      /ENOTDIR|EEXIST/,
    );
  });
});

describe('createRejectedRowsWriter and formula cells', () => {
  it('neutralizes cells a spreadsheet would run, and leaves numbers as they were', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sos-rejected-formula-'));
    const file = path.join(dir, 'rejected.csv');
    const writer = createRejectedRowsWriter(file, ['id', 'lat', 'lon', 'note', '@col']);
    await writer.write({
      rowNumber: 1,
      line: 2,
      values: ['=HYPERLINK("http://x","y")', '41.7', '-72.68', '+1+cmd|x', '-2+3'],
      problems: [problem('=id', 'REQUIRED')],
    });
    await writer.close();
    const rows: string[][] = [];
    const bytes = (async function* () {
      yield readFileSync(file);
    })();
    for await (const item of readCsv(bytes, { fileName: file })) {
      if (item.kind === 'header') rows.push(item.header);
      else if (item.kind === 'record') rows.push(Object.values(item.fields));
    }
    assert.deepEqual(rows, [
      ['row', 'line', 'reasons', 'id', 'lat', 'lon', 'note', "'@col"],
      [
        '1',
        '2',
        "'=id: a value is required",
        '\'=HYPERLINK("http://x","y")',
        '41.7',
        '-72.68',
        "'+1+cmd|x",
        "'-2+3",
      ],
    ]);
    await rm(dir, { recursive: true, force: true });
  });
});
