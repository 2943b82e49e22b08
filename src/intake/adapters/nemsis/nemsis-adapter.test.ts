import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedData } from '../../../../test/support/test-databases.js';
import type { SourceItem } from '../intake-adapter.js';
import { type NemsisSchemaCheck, nemsisAdapter } from './nemsis-adapter.js';

const overdose = readFileSync(sharedData('nemsis', '2025-EMS-1-Overdose_v351.xml'), 'utf8');
const header = overdose.slice(0, overdose.indexOf('<PatientCareReport'));
const pcr = (id: string, padding = '') =>
  overdose
    .slice(overdose.indexOf('<PatientCareReport'), overdose.indexOf('</PatientCareReport>') + 20)
    .replace('2025-EMS-1-Overdose_v351', id)
    .replace('<eRecord>', `<eRecord>${padding}`);

async function readAll(
  text: string,
  schema: NemsisSchemaCheck | null,
  maxRecordBytes?: number,
): Promise<SourceItem[]> {
  const bytes = (async function* () {
    yield Buffer.from(text);
  })();
  const items: SourceItem[] = [];
  const limits = maxRecordBytes ? { maxRecordBytes } : undefined;
  for await (const item of nemsisAdapter.read({ bytes, fileName: 'f.xml', schema, limits })) items.push(item);
  return items;
}

describe('the NEMSIS adapter', () => {
  it('skips a record past the size limit with its position, and reads the next one', async () => {
    const text = `${header}${pcr('pcr-big', `<!--${'x'.repeat(200_000)}-->`)}${pcr('pcr-small')}</Header></EMSDataSet>`;
    const items = await readAll(text, null, 100_000);
    assert.deepEqual(
      items.map((i) => [i.kind, i.position.kind === 'row' ? i.position.row : null]),
      [
        ['unreadable', 1],
        ['record', 2],
      ],
    );
    const [skipped, read] = items;
    assert.equal(skipped?.kind === 'unreadable' && skipped.problems[0]?.code, 'XML_RECORD_LIMIT');
    assert.equal(read?.kind === 'record' && read.record.fields.source_record_id, 'pcr-small');
  });

  it('refuses a record the XML Schema refuses, each problem naming its element and the PatientCareReport', async () => {
    const schema: NemsisSchemaCheck = {
      validate: (xml) =>
        xml.includes('<eRecord.01>pcr-bad</eRecord.01>')
          ? [
              {
                pcr: 'pcr-bad',
                element: 'eSituation',
                path: 'PatientCareReport/eSituation',
                line: 12,
                message: 'eSituation.19 and eSituation.20 are missing',
              },
            ]
          : [],
    };
    const items = await readAll(`${header}${pcr('pcr-bad')}${pcr('pcr-good')}</Header></EMSDataSet>`, schema);
    const [bad, good] = items;
    assert.equal(bad?.kind, 'unreadable');
    assert.deepEqual(bad?.kind === 'unreadable' && bad.problems.map((p) => [p.field, p.code, p.severity]), [
      ['eSituation', 'NEMSIS_SCHEMA', 'reject'],
    ]);
    assert.match(
      (bad?.kind === 'unreadable' && bad.problems[0]?.message) || '',
      /^PatientCareReport pcr-bad: .*eSituation\.19 and eSituation\.20 are missing \(line 12\)/,
    );
    assert.equal(good?.kind, 'record');
  });

  it('keeps a record that breaks only a warning rule, flagged', async () => {
    const text = overdose.replace('<eExam.19 PN="8801005">3519005</eExam.19>', '');
    const [item] = await readAll(text, null);
    assert.equal(item?.kind, 'record');
    assert.deepEqual(
      item?.kind === 'record' && item.record.problems?.map((p) => [p.field, p.code, p.severity]),
      [['eExam.19', 'NEMSIS_RULE', 'flag']],
    );
  });
});
