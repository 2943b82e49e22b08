import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportKeys } from '../report-fields.js';
import { csvAdapter } from './csv/csv-adapter.js';
import { importPresetNamed } from './csv/presets/index.js';
import type { SourceItem } from './intake-adapter.js';
import { formAdapter, jsonApiAdapter } from './json-api-adapter.js';

async function readAll(items: AsyncIterable<SourceItem> | Iterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const bytesOf = (...chunks: (string | Buffer)[]) =>
  (async function* () {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  })();

describe('the JSON API and form adapters', () => {
  it('yield each report with its place in the list, something not an object as a report without fields', async () => {
    const items = await readAll(jsonApiAdapter.read([{ source_record_id: 'a' }, 'oops', [1], null]));
    assert.deepEqual(
      items.map((i) => [i.kind, i.position, i.kind === 'record' ? i.record.fields : null]),
      [
        ['record', { kind: 'index', index: 0 }, { source_record_id: 'a' }],
        ['record', { kind: 'index', index: 1 }, {}],
        ['record', { kind: 'index', index: 2 }, {}],
        ['record', { kind: 'index', index: 3 }, {}],
      ],
    );
  });

  it('read the same JSON: the form is the JSON adapter under the form channel', async () => {
    const reports = [{ source_record_id: 'f1', occurred_at: '2024-01-01' }];
    assert.deepEqual(await readAll(formAdapter.read(reports)), await readAll(jsonApiAdapter.read(reports)));
    assert.deepEqual([jsonApiAdapter.channel, formAdapter.channel], ['api', 'form']);
    assert.equal(formAdapter.knownKeys, reportKeys);
    assert.equal(formAdapter.delivery, 'request');
  });
});

describe('the CSV adapter', () => {
  it('yields rows with their row and line, maps them through the preset, and keeps unreadable rows', async () => {
    const headers: string[][] = [];
    const adapter = csvAdapter(importPresetNamed('tempe-ems'));
    const csv =
      'OBJECTID,Incident_Date,Latitude_Random,Longitude_Random,Narcan_Given,Age,Opioid_Use,Extra\n' +
      '7,2024/03/01 00:00:00+00,33.4,-111.9,Yes,30-34,Yes,x\n' +
      '8,2024/03/02 00:00:00+00,33.4\n' +
      '9,"2024/03/03\n00:00",33.4,-111.9,No,NULL,No,y\n';
    const items = await readAll(
      adapter.read({ bytes: bytesOf(csv), fileName: 'tempe.csv', onHeader: (h) => headers.push(h) }),
    );
    assert.deepEqual(headers, [
      [
        'OBJECTID',
        'Incident_Date',
        'Latitude_Random',
        'Longitude_Random',
        'Narcan_Given',
        'Age',
        'Opioid_Use',
        'Extra',
      ],
    ]);
    assert.deepEqual(
      items.map((i) => [i.kind, i.position]),
      [
        ['record', { kind: 'row', file: 'tempe.csv', row: 1, line: 2 }],
        ['unreadable', { kind: 'row', file: 'tempe.csv', row: 2, line: 3 }],
        ['record', { kind: 'row', file: 'tempe.csv', row: 3, line: 4 }],
      ],
    );
    const [first, bad] = items;
    assert.ok(first?.kind === 'record' && bad?.kind === 'unreadable');
    assert.deepEqual(first.record.fields, {
      source_record_id: '7',
      source_type: 'ems',
      occurred_at: '2024-03-01',
      latitude: '33.4',
      longitude: '-111.9',
      naloxone_given: 'Yes',
      age_band: '30-34',
      sex: '',
      substances: 'any_opioid',
    });
    assert.equal(first.record.raw.Extra, 'x');
    assert.ok(bad.problems.length > 0 && bad.problems.every((p) => p.severity === 'reject'));
    assert.equal(adapter.knownKeys.has('Extra'), false);
    assert.equal(adapter.knownKeys.has('Opioid_Use'), true);
    assert.equal(adapter.delivery, 'file');
  });

  it('marks the rows of a file decoded as Windows-1252', async () => {
    const header = Buffer.from('source_record_id,occurred_at,latitude,longitude,narrative\n');
    const row1 = Buffer.from('a,2024-03-01,41.3,-72.9,plain\n');
    const row2 = Buffer.concat([
      Buffer.from('b,2024-03-02,41.3,-72.9,caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const items = await readAll(
      csvAdapter(importPresetNamed('generic')).read({
        bytes: bytesOf(header, row1, row2),
        fileName: 'w.csv',
      }),
    );
    assert.deepEqual(
      items.map((i) => [
        i.kind,
        i.decodedFrom ?? null,
        i.kind === 'record' ? i.record.fields.narrative : null,
      ]),
      [
        ['record', null, 'plain'],
        ['record', 'windows-1252', 'café'],
      ],
    );
  });
});
