import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Peak resident memory a hostile document may add to the reading process. */
const MEMORY_BOUND_MB = 200;
const caseScript = fileURLToPath(new URL('./hostile-xml-case.js', import.meta.url));

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

/** Runs one case of hostile-xml-case.ts in its own process: a crash fails here, memory is its own. */
async function runCase(name: string): Promise<Outcome> {
  const { stdout } = await promisify(execFile)(process.execPath, [caseScript, name], {
    maxBuffer: 1024 * 1024,
  });
  const outcome = JSON.parse(stdout) as Outcome;
  assert.ok(
    outcome.peakMb - outcome.baselineMb < MEMORY_BOUND_MB,
    `${name}: peak RSS ${outcome.peakMb.toFixed(0)} MB over a baseline of ${outcome.baselineMb.toFixed(0)} MB`,
  );
  return outcome;
}

/** The items without their messages, for exact comparison. */
const shapes = (outcome: Outcome) => outcome.items.map(({ message: _message, ...shape }) => shape);

const HOSTILE = { kind: 'error', code: 'XML_HOSTILE', index: null, element: null };
const AFTER = (index: number) => ({ kind: 'record', index, element: 'PatientCareReport', id: 'after' });

describe('hostile XML: DTDs and entities are refused before anything is read', () => {
  for (const name of ['billion-laughs', 'external-file', 'external-http', 'parameter-entities']) {
    it(`${name}: XML_HOSTILE for the whole document, nothing expanded or fetched`, async () => {
      const outcome = await runCase(name);
      assert.deepEqual(shapes(outcome), [HOSTILE]);
      assert.match(outcome.items[0]?.message ?? '', /DOCTYPE declaration/);
      assert.doesNotMatch(JSON.stringify(outcome), /root:|lollol/);
    });
  }

  for (const name of ['document-laughs', 'document-external']) {
    it(`${name}: parseXmlDocument throws XML_HOSTILE`, async () => {
      assert.deepEqual(shapes(await runCase(name)), [HOSTILE]);
    });
  }

  for (const name of ['schema-laughs', 'schema-external']) {
    it(`${name}: the schema validator, given hostile text directly, reports problems and expands nothing`, async () => {
      const outcome = await runCase(name);
      assert.ok(outcome.items.length > 0);
      assert.ok(outcome.items.every((item) => item.kind === 'problem'));
      assert.doesNotMatch(JSON.stringify(outcome), /root:|lollol/);
    });
  }
});

describe('hostile XML: a gigabyte streamed from a generator, never held', () => {
  it('1 GB of text in a record element: XML_LIMIT for that record, the next record read', async () => {
    const outcome = await runCase('gigabyte-text');
    assert.deepEqual(shapes(outcome), [
      { kind: 'error', code: 'XML_LIMIT', index: 0, element: 'eNarrative.01' },
      AFTER(1),
    ]);
    assert.match(outcome.items[0]?.message ?? '', /holds more than 4194304 bytes of text/);
  });

  it('1 GB attribute value: XML_LIMIT for that record, the next record read', async () => {
    const outcome = await runCase('gigabyte-attribute');
    assert.deepEqual(shapes(outcome), [
      { kind: 'error', code: 'XML_LIMIT', index: 0, element: 'eNarrative.01' },
      AFTER(1),
    ]);
    assert.match(
      outcome.items[0]?.message ?? '',
      /tag <eNarrative\.01> on line 1 is longer than 65536 bytes/,
    );
  });

  it('1 GB comment inside a record: XML_LIMIT for the record size, the next record read', async () => {
    const outcome = await runCase('gigabyte-comment');
    assert.deepEqual(shapes(outcome), [
      { kind: 'error', code: 'XML_LIMIT', index: 0, element: 'PatientCareReport' },
      AFTER(1),
    ]);
    assert.match(outcome.items[0]?.message ?? '', /larger than 16777216 bytes/);
  });

  it('1 GB of text outside any record: dropped as it passes, the record after it read', async () => {
    assert.deepEqual(shapes(await runCase('gigabyte-outside')), [AFTER(0)]);
  });
});

describe('hostile XML: depth bombs', () => {
  it('ten million nested elements in a record: XML_LIMIT for it, the next record read', async () => {
    const outcome = await runCase('depth-bomb');
    assert.deepEqual(shapes(outcome), [
      { kind: 'error', code: 'XML_LIMIT', index: 0, element: 'a' },
      AFTER(1),
    ]);
    assert.match(outcome.items[0]?.message ?? '', /nested deeper than 64 elements/);
  });

  it('ten million nested elements never closed: XML_LIMIT once, then XML_MALFORMED at the end', async () => {
    const outcome = await runCase('depth-bomb-unclosed');
    assert.deepEqual(shapes(outcome), [
      { kind: 'error', code: 'XML_LIMIT', index: null, element: 'a' },
      { kind: 'error', code: 'XML_MALFORMED', index: null, element: 'a' },
    ]);
  });
});
