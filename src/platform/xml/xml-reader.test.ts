import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  parseXmlDocument,
  readXmlRecords,
  type XmlLimits,
  type XmlRecordItem,
  XmlRefusal,
} from './xml-reader.js';

async function* inChunks(content: string | Buffer, size = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(
  content: string | Buffer,
  options: { size?: number; recordElement?: string; limits?: Partial<XmlLimits> } = {},
): Promise<XmlRecordItem[]> {
  const items: XmlRecordItem[] = [];
  for await (const item of readXmlRecords(inChunks(content, options.size), {
    recordElement: options.recordElement ?? 'Report',
    limits: options.limits,
  })) {
    items.push(item);
  }
  return items;
}

/** Errors without their message, which the tests match separately. */
function errors(items: XmlRecordItem[]) {
  return items.flatMap((item) =>
    item.kind === 'error'
      ? [{ index: item.index, line: item.line, code: item.code, element: item.element }]
      : [],
  );
}

const DOCUMENT = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!-- a comment before the root -->',
  '<DataSet xmlns="http://www.nemsis.org" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
  '  <Header><Agency>C034</Agency>',
  '    <Report UUID="r-1">',
  '      <Id>one</Id>',
  '      <Age xsi:nil="true" NV="7701003"/>',
  '      <Note>fish &amp; chips &lt;3 &#233;&#x263A; <![CDATA[<raw> & "kept"]]></Note>',
  '    </Report>',
  '  </Header>',
  '  <Header><Report UUID="r-2"><Id>two</Id><!-- inside --></Report></Header>',
  '</DataSet>',
  '',
].join('\n');

describe('readXmlRecords: records', () => {
  it('yields every record element at any depth with its tree, line and own source text', async () => {
    const items = await readAll(DOCUMENT);
    assert.equal(items.length, 2);
    const [first, second] = items;
    assert.ok(first?.kind === 'record' && second?.kind === 'record');
    assert.equal(first.index, 0);
    assert.equal(first.line, 5);
    assert.deepEqual(first.element, {
      name: 'Report',
      attributes: { UUID: 'r-1' },
      text: '\n      \n      \n      \n    ',
      line: 5,
      children: [
        { name: 'Id', attributes: {}, children: [], text: 'one', line: 6 },
        { name: 'Age', attributes: { 'xsi:nil': 'true', NV: '7701003' }, children: [], text: '', line: 7 },
        { name: 'Note', attributes: {}, children: [], text: 'fish & chips <3 é☺ <raw> & "kept"', line: 8 },
      ],
    });
    const start = DOCUMENT.indexOf('<Report UUID="r-1">');
    assert.equal(first.xml, DOCUMENT.slice(start, DOCUMENT.indexOf('</Report>', start) + '</Report>'.length));
    assert.equal(second.index, 1);
    assert.equal(second.line, 11);
    assert.equal(second.xml, '<Report UUID="r-2"><Id>two</Id><!-- inside --></Report>');
  });

  it('gives the same items whatever the chunk boundaries, one byte at a time included', async () => {
    const whole = await readAll(DOCUMENT);
    for (const size of [1, 2, 3, 7, 64])
      assert.deepEqual(await readAll(DOCUMENT, { size }), whole, `size ${size}`);
  });

  it('splits multi-byte characters across chunks without harm, and drops a byte order mark', async () => {
    const text = '\uFEFF<R><Report><Name>Zoë Ñandú 😀</Name></Report></R>';
    for (const size of [1, 2, 5]) {
      const [item] = await readAll(text, { size });
      assert.ok(item?.kind === 'record');
      assert.equal(item.element.children[0]?.text, 'Zoë Ñandú 😀');
    }
  });

  it('reads CRLF line ends as LF in text and attribute whitespace as spaces, counting lines once', async () => {
    const [item] = await readAll('<R>\r\n<Report a="x\r\ny\tz">\r\nline\r\nnext\r\n</Report></R>', {
      size: 1,
    });
    assert.ok(item?.kind === 'record');
    assert.equal(item.line, 2);
    assert.equal(item.element.attributes.a, 'x y z');
    assert.equal(item.element.text, '\nline\nnext\n');
  });

  it('reads ">" inside comments, CDATA sections, processing instructions and quoted attribute values', async () => {
    const text =
      '<R><!-- a > b -- > c --><?pi x > y ?>' +
      '<Report a="1 > 0" b=\'"q"\'><!-- -> --><N><![CDATA[x ]] > ]> y]]></N><?go ? > ?></Report></R>';
    for (const size of [1, 2, 3, 5, Number.POSITIVE_INFINITY]) {
      const items = await readAll(text, { size });
      assert.equal(items.length, 1, `chunk size ${size}`);
      const [item] = items;
      assert.ok(item?.kind === 'record');
      assert.deepEqual(item.element.attributes, { a: '1 > 0', b: '"q"' });
      assert.equal(item.element.children[0]?.text, 'x ]] > ]> y');
      assert.equal(item.xml, text.slice(text.indexOf('<Report'), text.indexOf('</R>')));
    }
  });

  it('keeps a CR written as a character reference, normalizing only literal line ends', async () => {
    const [item] = await readAll('<R><Report>a&#13;b\r\nc\rd&#xD;&#10;</Report></R>', { size: 2 });
    assert.ok(item?.kind === 'record');
    assert.equal(item.element.text, 'a\rb\nc\nd\r\n');
  });

  it('treats a record nested inside a record as a child, and the prefix of a name as not part of it', async () => {
    const items = await readAll('<n:R xmlns:n="urn:x"><n:Report><n:Report>in</n:Report></n:Report></n:R>');
    assert.equal(items.length, 1);
    const [item] = items;
    assert.ok(item?.kind === 'record');
    assert.equal(item.element.children[0]?.name, 'Report');
    assert.equal(item.element.children[0]?.text, 'in');
  });
});

describe('readXmlRecords: refusals', () => {
  it('refuses a DOCTYPE as hostile and reads nothing after it', async () => {
    const items = await readAll(
      '<?xml version="1.0"?>\n<!DOCTYPE R [<!ENTITY a "b">]>\n<R><Report>&a;</Report></R>',
    );
    assert.deepEqual(errors(items), [{ index: null, line: 2, code: 'XML_HOSTILE', element: null }]);
    assert.equal(items.length, 1);
    assert.match((items[0] as { message: string }).message, /DOCTYPE declaration/);
  });

  it('refuses an entity that is not predefined, naming the element and line, after the records before it', async () => {
    const items = await readAll(
      '<R>\n<Report>ok</Report>\n<Report><Note>a &nbsp; b</Note></Report>\n<Report/></R>',
    );
    assert.equal(items[0]?.kind, 'record');
    assert.deepEqual(errors(items), [{ index: 1, line: 3, code: 'XML_MALFORMED', element: 'Note' }]);
    assert.match((items[1] as { message: string }).message, /&nbsp; is not declared/);
    assert.equal(items.length, 2);
  });

  for (const [what, text, line, message] of [
    [
      'a closing tag that does not match',
      '<R>\n<Report><a></b></Report></R>',
      2,
      /<\/b> on line 2 closes <a>/,
    ],
    ['a bare ampersand', '<R><Report>\nAT&T</Report></R>', 2, /"&" that starts no reference/],
    ['an unquoted attribute', '<R>\n\n<Report a=1/></R>', 3, /not in quotes/],
    ['an attribute given twice', '<R><Report a="1" a="2"/></R>', 1, /attribute a twice/],
    ['text outside the root', '<R/>\ntail', 2, /text outside the root/],
    ['a second root', '<R/><S/>', 1, /second root/],
    ['an unclosed element', '<R>\n<Report>', 2, /ends before <Report> is closed/],
    ['an empty document', '  \n', 2, /no root element/],
    ['an XML declaration that is not first', ' <?xml version="1.0"?><R/>', 1, /not at the start/],
    [
      'a declared encoding other than UTF-8',
      '<?xml version="1.0" encoding="ISO-8859-1"?><R/>',
      1,
      /ISO-8859-1/,
    ],
    ['a control character', '<R>\n<Report>a\u0001b</Report></R>', 2, /U\+0001/],
    ['a "<" inside a tag', '<R><Report a="1" <b/></R>', 1, /"<" inside a tag/],
    ['a comment never closed', '<R>\n<!-- x -- >', 2, /ends inside a comment/],
    ['a CDATA section never closed', '<R><Report><![CDATA[x]]', 1, /ends inside a CDATA section/],
    ['a tag never closed', '<R><Report a="1"', 1, /ends inside a tag/],
  ] as const) {
    it(`stops at ${what} with XML_MALFORMED and the line`, async () => {
      const items = await readAll(text, { size: 3 });
      const last = items[items.length - 1];
      assert.ok(last?.kind === 'error', JSON.stringify(items));
      assert.equal(last.code, 'XML_MALFORMED');
      assert.equal(last.line, line);
      assert.match(last.message, message);
      assert.equal(
        items.filter((item) => item.kind === 'error').length,
        1,
        'reading stops at the first malformed point',
      );
    });
  }

  it('stops at bytes that are not UTF-8', async () => {
    const items = await readAll(
      Buffer.concat([Buffer.from('<R><Report>'), Buffer.from([0xff, 0xfe]), Buffer.from('</Report></R>')]),
    );
    assert.deepEqual(errors(items), [{ index: null, line: 1, code: 'XML_MALFORMED', element: null }]);
    assert.match((items[0] as { message: string }).message, /not valid UTF-8/);
  });
});

describe('readXmlRecords: limits', () => {
  const limits = { maxDepth: 4, maxTextBytes: 24, maxRecordBytes: 200, maxAttributes: 2 };
  const around = (bad: string) =>
    `<R>\n<Report><Id>1</Id></Report>\n${bad}\n<Report><Id>3</Id></Report>\n</R>`;

  for (const [what, bad, element, message] of [
    [
      'too deep',
      '<Report><a><b><c>deep</c></b></a></Report>',
      'c',
      /<c> on line 3 is nested deeper than 4 elements/,
    ],
    [
      'text too long',
      '<Report><Id>1234567890123456789012345</Id></Report>',
      'Id',
      /<Id> \(line 3\) holds more than 24 bytes/,
    ],
    [
      'text too long in bytes, not characters',
      '<Report><Id>éééééééééééé1</Id></Report>',
      'Id',
      /more than 24 bytes/,
    ],
    ['too many attributes', '<Report><Id a="" b="" c=""/></Report>', 'Id', /3 attributes, more than 2/],
    ['a record too large', `<Report>${'<Id>x</Id>'.repeat(25)}</Report>`, 'Report', /larger than 200 bytes/],
    [
      'a tag too large',
      `<Report><Id a="${'v'.repeat(40)}"/></Report>`,
      'Id',
      /tag <Id> on line 3 is longer than 24 bytes/,
    ],
    ['a record tag too large', `<Report a="${'v'.repeat(40)}"><Id>2</Id></Report>`, 'Report', /tag <Report>/],
    [
      'a tag too large with ">" in its quotes',
      `<Report><Id a="${'>'.repeat(40)}" b='>/'/></Report>`,
      'Id',
      /tag <Id>/,
    ],
  ] as const) {
    it(`skips a record with ${what} as XML_LIMIT and reads on`, async () => {
      for (const size of [1, 5, Number.POSITIVE_INFINITY]) {
        const items = await readAll(around(bad), { size, limits });
        assert.deepEqual(
          items.map((item) => (item.kind === 'record' ? item.element.children[0]?.text : item.code)),
          ['1', 'XML_LIMIT', '3'],
          `chunk size ${size}`,
        );
        const error = items[1];
        assert.ok(error?.kind === 'error');
        assert.deepEqual([error.index, error.line, error.element], [1, 3, element]);
        assert.match(error.message, message);
        assert.match(error.message, /record 2 \(line 3\) is skipped/);
        assert.equal(items[2]?.kind === 'record' && items[2].index, 2);
      }
    });
  }

  it('reports elements deeper than the limit outside any record once, and reads on', async () => {
    const items = await readAll('<R><a><b><c><d><e>x</e></d></c></b></a>\n<Report><Id>2</Id></Report></R>', {
      limits,
    });
    assert.deepEqual(errors(items), [{ index: null, line: 1, code: 'XML_LIMIT', element: 'd' }]);
    assert.equal(items[1]?.kind === 'record' && items[1].index, 0);
  });
});

describe('parseXmlDocument', () => {
  it('returns the root element of a whole document', () => {
    const root = parseXmlDocument(DOCUMENT);
    assert.equal(root.name, 'DataSet');
    assert.deepEqual(root.attributes, {});
    assert.deepEqual(
      root.children.map((child) => child.name),
      ['Header', 'Header'],
    );
    assert.equal(root.children[0]?.children[1]?.children[2]?.text, 'fish & chips <3 é☺ <raw> & "kept"');
  });

  it('throws an XmlRefusal with the code, element and line', () => {
    const refusal = (code: string, element: string | null, line: number) => (error: unknown) => {
      assert.ok(error instanceof XmlRefusal);
      assert.deepEqual([error.code, error.element, error.line], [code, element, line]);
      return true;
    };
    assert.throws(
      () => parseXmlDocument('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>'),
      refusal('XML_HOSTILE', null, 1),
    );
    assert.throws(() => parseXmlDocument('<a>\n<b></a>'), refusal('XML_MALFORMED', 'a', 2));
    // A NUL cannot be stored in PostgreSQL text: XML 1.0 forbids it, so the reader refuses it.
    assert.throws(() => parseXmlDocument('<a>x\u0000y</a>'), refusal('XML_MALFORMED', 'a', 1));
    assert.throws(
      () => parseXmlDocument('<a><b><c/></b></a>', { maxDepth: 2 }),
      refusal('XML_LIMIT', 'c', 1),
    );
  });
});

describe('readXmlRecords: the shared NEMSIS files', () => {
  const folder = path.resolve(process.cwd(), '..', 'shared', 'data', 'nemsis');
  const files = readdirSync(folder).filter((name) => name.endsWith('.xml'));

  it('reads every PatientCareReport of every file, with its eRecord.01 and its source text', async () => {
    assert.ok(files.length >= 10);
    for (const name of files) {
      const text = readFileSync(path.join(folder, name), 'utf8');
      const starts = [...text.matchAll(/<PatientCareReport[\s>]/g)].map((match) => match.index);
      const items = await readAll(text, { size: 4096, recordElement: 'PatientCareReport' });
      assert.equal(items.length, starts.length, name);
      items.forEach((item, index) => {
        assert.ok(item.kind === 'record', `${name}: ${JSON.stringify(item)}`);
        assert.ok(text.startsWith(item.xml, starts[index]), `${name}: record ${index} source text`);
        assert.equal(item.line, text.slice(0, starts[index]).split('\n').length);
        const eRecord = item.element.children.find((child) => child.name === 'eRecord');
        const id = eRecord?.children.find((child) => child.name === 'eRecord.01')?.text;
        assert.ok(id && item.xml.includes(`<eRecord.01>${id}</eRecord.01>`), `${name}: eRecord.01`);
      });
    }
  });
});
