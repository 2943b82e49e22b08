import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SosError } from '../errors.js';
import { csvLine } from './csv-escape.js';
import { type CsvBadRow, type CsvItem, type CsvRecord, readCsv, readCsvHeader } from './read-csv.js';

async function* inChunks(content: string | Buffer, size = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(
  content: string | Buffer,
  options: { size?: number; requiredColumns?: string[]; requiredOneOf?: string[][] } = {},
): Promise<{ header: string[]; records: CsvRecord[]; bad: CsvBadRow[]; items: CsvItem[] }> {
  const items: CsvItem[] = [];
  for await (const item of readCsv(inChunks(content, options.size), {
    fileName: 'reports.csv',
    ...options,
  })) {
    items.push(item);
  }
  const first = items[0];
  assert.equal(first?.kind, 'header');
  return {
    header: first.kind === 'header' ? first.header : [],
    records: items.filter((item): item is CsvRecord => item.kind === 'record'),
    bad: items.filter((item): item is CsvBadRow => item.kind === 'bad'),
    items,
  };
}

function sosError(code: string, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof SosError, `expected a SosError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

const realData = (name: string) => path.resolve(process.cwd(), '..', 'shared', 'data', 'real', name);

describe('readCsv: rows', () => {
  it('yields the header first, then records keyed by column with row and line numbers', async () => {
    const { items } = await readAll('id,city\n1,Hartford\n2,Tempe\n');
    assert.deepEqual(items, [
      { kind: 'header', header: ['id', 'city'], line: 1 },
      { kind: 'record', rowNumber: 1, line: 2, fields: { id: '1', city: 'Hartford' } },
      { kind: 'record', rowNumber: 2, line: 3, fields: { id: '2', city: 'Tempe' } },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and LF or CRLF newlines, counting physical lines', async () => {
    const text =
      'id,place,note\r\n' +
      '1,"HARTFORD, CT\n(41.76, -72.68)","said ""help"""\r\n' +
      '2,"two\r\nlines\r\nhere",x\r\n' +
      '3,"",""\r\n';
    const { records } = await readAll(text);
    assert.deepEqual(
      records.map((r) => [r.rowNumber, r.line, r.fields]),
      [
        [1, 2, { id: '1', place: 'HARTFORD, CT\n(41.76, -72.68)', note: 'said "help"' }],
        [2, 4, { id: '2', place: 'two\r\nlines\r\nhere', note: 'x' }],
        [3, 7, { id: '3', place: '', note: '' }],
      ],
    );
  });

  it('strips CR from CRLF line ends and reads a final line without a newline', async () => {
    const { records } = await readAll('a,b\r\n1,2\r\n3,4');
    assert.deepEqual(
      records.map((r) => r.fields),
      [
        { a: '1', b: '2' },
        { a: '3', b: '4' },
      ],
    );
  });

  it('keeps a trailing empty field at the end of the file', async () => {
    const { records, bad } = await readAll('a,b\n1,');
    assert.deepEqual(records[0]?.fields, { a: '1', b: '' });
    assert.equal(bad.length, 0);
  });

  it('strips a UTF-8 byte order mark from the first header name, even split across 1-byte chunks', async () => {
    for (const size of [1, 2, 1000]) {
      const { header, records } = await readAll('\ufeffX,Y\n1,2\n', { size });
      assert.deepEqual(header, ['X', 'Y'], `chunk size ${size}`);
      assert.deepEqual(records[0]?.fields, { X: '1', Y: '2' });
    }
  });

  it('trims header names but not values', async () => {
    const { header, records } = await readAll(' id , Other Significant Conditions \n 1 , x \n');
    assert.deepEqual(header, ['id', 'Other Significant Conditions']);
    assert.deepEqual(records[0]?.fields, { id: ' 1 ', 'Other Significant Conditions': ' x ' });
  });

  it('skips empty lines (LF or CRLF) without counting them as rows, but counts their lines', async () => {
    const { records, bad } = await readAll('\n\r\nid,v\n1,a\n\n\r\n2,b\n\n');
    assert.equal(bad.length, 0);
    assert.deepEqual(
      records.map((r) => [r.rowNumber, r.line, r.fields.v]),
      [
        [1, 4, 'a'],
        [2, 7, 'b'],
      ],
    );
  });

  it('yields a header-only file as zero rows', async () => {
    const { header, items } = await readAll('id,city\r\n');
    assert.deepEqual(header, ['id', 'city']);
    assert.equal(items.length, 1);
  });

  it('gives the same items whatever the chunk size', async () => {
    const text = Buffer.concat([
      Buffer.from('\ufeffid,"na""me",note\r\n1,"a,\r\nb","x""y"\r\n\r\n2,é€😀,z\n3,only two\n'),
      Buffer.from([0xff]),
      Buffer.from(',bad,bytes\n4,"q" tail,end'),
    ]);
    const whole = await readAll(text);
    assert.deepEqual(
      whole.records.map((r) => Object.values(r.fields)),
      [
        ['1', 'a,\r\nb', 'x"y'],
        ['2', 'é€😀', 'z'],
        ['4', 'q tail', 'end'],
      ],
    );
    assert.deepEqual(
      whole.bad.map((b) => [b.line, b.problems.map((p) => p.code)]),
      [
        [6, ['RAGGED_ROW']],
        [7, ['INVALID_UTF8']],
      ],
    );
    for (let size = 1; size < text.length; size++) {
      assert.deepEqual((await readAll(text, { size })).items, whole.items, `chunk size ${size}`);
    }
  });

  it('ends the file cleanly after a closing quote, a trailing comma or a lone CR, whatever the chunk size', async () => {
    const text = 'a,b\r\n"x""",""\r\n"",\r\n,\r\n"y","z"';
    const whole = await readAll(text);
    assert.deepEqual(
      whole.records.map((r) => [r.line, r.fields.a, r.fields.b]),
      [
        [2, 'x"', ''],
        [3, '', ''],
        [4, '', ''],
        [5, 'y', 'z'],
      ],
    );
    for (const ending of ['', '\r', '\n', '\r\n']) {
      for (let size = 1; size < text.length; size++) {
        const chunked = await readAll(text + ending, { size });
        assert.deepEqual(chunked.items, whole.items, `ending ${JSON.stringify(ending)}, chunk size ${size}`);
      }
    }
  });

  it('reports the running byte count to onProgress', async () => {
    const seen: number[] = [];
    const text = 'id\n1\n2\n';
    for await (const _ of readCsv(inChunks(text, 3), {
      fileName: 'x.csv',
      onProgress: (n) => seen.push(n),
    })) {
      // only progress matters here
    }
    assert.deepEqual(seen, [3, 6, 7]);
  });

  it('readCsvHeader returns the header with the same checks', async () => {
    assert.deepEqual(await readCsvHeader(inChunks('\ufeffa, b\n1,2\n'), { fileName: 'x.csv' }), ['a', 'b']);
    await assert.rejects(
      readCsvHeader(inChunks('a;b\n'), { fileName: 'x.csv' }),
      sosError('CSV_WRONG_DELIMITER', /semicolon/),
    );
  });
});

describe('readCsv: bad rows', () => {
  it('turns rows with fewer or more cells than the header into RAGGED_ROW bad rows and keeps going', async () => {
    const { records, bad } = await readAll('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    assert.deepEqual(
      records.map((r) => r.rowNumber),
      [1, 4],
    );
    assert.deepEqual(
      bad.map((b) => [b.rowNumber, b.line, b.values, b.problems.map((p) => [p.field, p.code, p.message])]),
      [
        [
          2,
          3,
          ['4', '5'],
          [
            [
              '(row)',
              'RAGGED_ROW',
              'the row has a different number of fields than the header: expected 3 fields, found 2',
            ],
          ],
        ],
        [
          3,
          4,
          ['6', '7', '8', '9'],
          [
            [
              '(row)',
              'RAGGED_ROW',
              'the row has a different number of fields than the header: expected 3 fields, found 4',
            ],
          ],
        ],
      ],
    );
  });

  it('quarantines a row with invalid UTF-8, naming the column, and still yields the rows around it', async () => {
    const text = Buffer.concat([
      Buffer.from('id,city,note\n1,Hartford,ok\n2,Bogot'),
      Buffer.from([0xe1]), // Latin-1 á
      Buffer.from(',fine\n3,Tempe,\ufffd is a real character here\n'),
    ]);
    for (const size of [1, 7, text.length]) {
      const { records, bad } = await readAll(text, { size });
      assert.deepEqual(
        records.map((r) => r.fields.id),
        ['1', '3'],
      );
      assert.equal(records[1]?.fields.note, '\ufffd is a real character here');
      assert.equal(bad.length, 1);
      assert.equal(bad[0]?.rowNumber, 2);
      assert.equal(bad[0]?.line, 3);
      assert.deepEqual(bad[0]?.values, ['2', 'Bogot\ufffd', 'fine']);
      assert.deepEqual(
        bad[0]?.problems.map((p) => [p.field, p.code]),
        [['city', 'INVALID_UTF8']],
      );
    }
  });

  it('reads a Windows-1252 file as Windows-1252 and marks the rows that held its bytes', async () => {
    const text = Buffer.concat([
      Buffer.from('id,name,narrative\n1,Ann,ok\n2,Pe', 'latin1'),
      Buffer.from([0xf1, 0x61]), // ña
      Buffer.from(',found by M', 'latin1'),
      Buffer.from([0xfc]), // ü
      Buffer.from('ller \x93at home\x94\n3,Zo', 'latin1'), // “at home”
      Buffer.from([0xeb]), // ë
      Buffer.from(',\n', 'latin1'),
    ]);
    for (const size of [1, 7, text.length]) {
      const { records, bad } = await readAll(text, { size });
      assert.deepEqual(bad, []);
      assert.deepEqual(
        records.map((r) => [r.fields.name, r.fields.narrative, r.windows1252 ?? false]),
        [
          ['Ann', 'ok', false],
          ['Peña', 'found by Müller “at home”', true],
          ['Zoë', '', true],
        ],
        `chunk size ${size}`,
      );
    }
  });

  it('quarantines UTF-8 characters met in a file read as Windows-1252 as MIXED_ENCODING', async () => {
    const filler = 'x'.repeat(70 * 1024);
    const text = Buffer.concat([
      Buffer.from('id,name\n1,Pe', 'latin1'),
      Buffer.from([0xf1]),
      Buffer.from(`a\n2,${filler}\n3,Müller\n4,Zoe\n`, 'utf8'),
    ]);
    const { records, bad } = await readAll(text, { size: 4096 });
    assert.deepEqual(
      records.map((r) => r.fields.id),
      ['1', '2', '4'],
    );
    assert.equal(records[0]?.fields.name, 'Peña');
    assert.deepEqual(
      bad.map((b) => [b.rowNumber, b.values[1], b.problems.map((p) => [p.field, p.code])]),
      [[3, 'M\ufffd\ufffdller', [['name', 'MIXED_ENCODING']]]],
    );
  });

  it('quarantines a field longer than 1 MiB as TOO_LONG, keeping a preview, and reads on', async () => {
    const huge = 'x'.repeat(1024 * 1024 + 5);
    const text = `id,note\n1,"${huge}"\n2,short\n`;
    for (const size of [64 * 1024, Number.POSITIVE_INFINITY]) {
      const { records, bad } = await readAll(text, { size });
      assert.deepEqual(
        records.map((r) => r.fields),
        [{ id: '2', note: 'short' }],
      );
      assert.equal(bad[0]?.problems[0]?.code, 'TOO_LONG');
      assert.equal(bad[0]?.problems[0]?.field, 'note');
      assert.match(bad[0]?.problems[0]?.message ?? '', /1,048,581 characters; the limit is 1,048,576/);
      assert.equal(bad[0]?.values[1], 'x'.repeat(1000));
    }
  });
});

describe('readCsv: whole-file errors', () => {
  it('rejects a zero-byte or whitespace-only file as FILE_EMPTY', async () => {
    await assert.rejects(readAll(''), sosError('FILE_EMPTY', /reports\.csv is empty/));
    await assert.rejects(
      readAll('\ufeff \r\n\n  \n'),
      sosError('FILE_EMPTY', /reports\.csv holds only whitespace/),
    );
  });

  it('names the delimiter of a semicolon-, tab- or pipe-separated file', async () => {
    await assert.rejects(
      readAll('id;city;date\n1;Hartford;2023-01-01\n'),
      sosError('CSV_WRONG_DELIMITER', /reports\.csv: .*semicolon-separated/),
    );
    await assert.rejects(readAll('id\tcity\n1\tTempe\n'), sosError('CSV_WRONG_DELIMITER', /tab-separated/));
    await assert.rejects(readAll('id|city\n'), sosError('CSV_WRONG_DELIMITER', /pipe-separated/));
  });

  it('names missing required columns and lists the header found', async () => {
    await assert.rejects(
      readAll('id,date\n1,2023-01-01\n', {
        requiredColumns: ['id', 'date', 'age'],
        requiredOneOf: [['latitude', 'address']],
      }),
      sosError(
        'CSV_MISSING_COLUMNS',
        /^reports\.csv: required columns are missing: "age"; at least one of "latitude", "address"\. The header has: "id", "date"$/,
      ),
    );
  });

  it('accepts a file with one column of each requiredOneOf group', async () => {
    const { records } = await readAll('id,address\n1,Main St\n', {
      requiredColumns: ['id'],
      requiredOneOf: [['latitude', 'address']],
    });
    assert.equal(records.length, 1);
  });

  it('rejects duplicate header names, naming them and their columns', async () => {
    await assert.rejects(
      readAll('id,Age,city,Age \n'),
      sosError('CSV_MALFORMED', /reports\.csv: .*"Age" \(columns 2, 4\)/),
    );
  });

  it('makes a row whose quote is never closed a bad row naming its line, after the rows before it', async () => {
    const { records, bad } = await readAll('id,note\n1,ok\n2,"never closed\n3,x\n');
    assert.deepEqual(
      records.map((r) => r.rowNumber),
      [1],
    );
    assert.equal(bad.length, 1);
    assert.deepEqual([bad[0]?.rowNumber, bad[0]?.line], [2, 3]);
    assert.deepEqual(bad[0]?.values, ['2', 'never closed\n3,x\n']);
    assert.deepEqual(
      bad[0]?.problems.map((p) => [p.field, p.code, p.severity]),
      [['(row)', 'UNCLOSED_QUOTE', 'reject']],
    );
    assert.match(bad[0]?.problems[0]?.message ?? '', /starts on line 3 is never closed/);
    // Even when the open quote is in the last column, so that the row has as many cells as the header.
    const last = await readAll('id,note\n1,"never closed\n');
    assert.deepEqual([last.records.length, last.bad[0]?.problems[0]?.code], [0, 'UNCLOSED_QUOTE']);
  });

  it('refuses a file whose header opens a quote that is never closed, naming the line', async () => {
    await assert.rejects(
      readAll('id,"note\n1,x\n'),
      sosError('CSV_MALFORMED', /reports\.csv: the quoted field that starts on line 1 is never closed/),
    );
  });

  it('recognises UTF-16 and binary files instead of reading garbage', async () => {
    await assert.rejects(
      readAll(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,city\n', 'utf16le')])),
      sosError('CSV_MALFORMED', /UTF-16/),
    );
    await assert.rejects(
      readAll(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x2c, 0x0a])),
      sosError('CSV_MALFORMED', /binary/),
    );
  });
});

describe('readCsv: real files', () => {
  it('reads the Connecticut deaths file: 10,654 records, no bad rows', async () => {
    const items = readCsv(createReadStream(realData('ct_accidental_drug_deaths_2012_2022.csv')), {
      fileName: 'ct_accidental_drug_deaths_2012_2022.csv',
      requiredColumns: ['Date', 'Age'],
    });
    let records = 0;
    let bad = 0;
    let last: CsvRecord | undefined;
    for await (const item of items) {
      if (item.kind === 'record') {
        records++;
        last = item;
      } else if (item.kind === 'bad') bad++;
    }
    assert.equal(records, 10_654);
    assert.equal(bad, 0);
    assert.equal(last?.rowNumber, 10_654);
    assert.ok((last?.line ?? 0) > 10_655, 'quoted newlines in the Geo columns make rows span lines');
  });

  it('reads the Tempe EMS file with its BOM: 2,743 records, first column X', async () => {
    const { header, records, bad } = await readAll(
      await readFileBytes(realData('tempe_opioid_ems_calls.csv')),
      {
        size: 4096,
      },
    );
    assert.equal(header[0], 'X');
    assert.equal(records.length, 2_743);
    assert.equal(bad.length, 0);
  });
});

async function readFileBytes(file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('readCsv: round trip', () => {
  it('reads back exactly what csvLine wrote, for random cells and random chunk sizes', async () => {
    let seed = 20240601;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    const pieces = ['a', 'Z', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '€', '😀', '\ufffd', '0.5', ''];
    const header = ['id', 'text', 'more', 'last'];
    const rows: string[][] = [];
    for (let r = 0; r < 300; r++) {
      const cells = [String(r)];
      for (let c = 1; c < header.length; c++) {
        let cell = '';
        for (let k = random(6); k > 0; k--) cell += pieces[random(pieces.length)];
        cells.push(cell);
      }
      rows.push(cells);
    }
    const file = Buffer.from(csvLine(header) + rows.map(csvLine).join(''), 'utf8');
    for (const size of [1, 5, 64, 4096, file.length]) {
      const { records, bad } = await readAll(file, { size });
      assert.equal(bad.length, 0);
      assert.deepEqual(
        records.map((r) => header.map((name) => r.fields[name])),
        rows,
        `chunk size ${size}`,
      );
    }
  });
});
