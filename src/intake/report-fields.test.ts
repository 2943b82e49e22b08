import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINE_LEVEL_FIELDS } from '../surveillance/overdose-presenter.js';
import { genericPreset } from './adapters/csv/presets/generic-preset.js';
import { compactParsedReport } from './overdose-facts.js';
import { lineLevelReportColumns, reportFieldNames, reportFields, reportKeys } from './report-fields.js';
import { reportItemSchema } from './report-item-schema.js';
import { validateReport } from './report-validation.js';

const context = {
  timeZone: 'America/New_York',
  now: new Date('2024-06-01T12:00:00Z'),
  defaultSourceType: 'ems',
};
const minimal = {
  source_record_id: 'r1',
  occurred_at: '2024-05-01T10:00:00Z',
  latitude: 41.5,
  longitude: -72.5,
};

describe('the report field list', () => {
  it('is the JSON API schema: every field, required exactly where the list says, and the person', () => {
    const shape = reportItemSchema.shape as Record<string, { isOptional(): boolean }>;
    assert.deepEqual(Object.keys(shape), [...reportFieldNames, 'person']);
    const required = reportFields.filter((f) => !shape[f.name]?.isOptional()).map((f) => f.name);
    assert.deepEqual(
      required,
      reportFields.filter((f) => f.required).map((f) => f.name),
    );
    assert.deepEqual(required, ['source_record_id', 'occurred_at']);
  });

  it('is what the generic CSV reads and what a raw JSON payload keeps', () => {
    assert.deepEqual([...genericPreset.columns], reportFieldNames);
    assert.deepEqual([...reportKeys], [...reportFieldNames, 'person']);
  });

  it('is what validation reads: a value of the wrong kind in any field is a problem named after it', () => {
    for (const field of reportFields) {
      const { problems } = validateReport({ ...minimal, [field.name]: { nested: true } }, context);
      assert.ok(
        problems.some((p) => p.field === field.name && p.code === 'INVALID_TYPE'),
        `${field.name}: ${JSON.stringify(problems)}`,
      );
    }
  });

  it('rejects a report without each required field, and only those', () => {
    for (const field of reportFields) {
      const input: Record<string, unknown> = { ...minimal };
      delete input[field.name];
      const { problems } = validateReport(input, context);
      const required = problems.filter((p) => p.code === 'REQUIRED').map((p) => p.field);
      assert.deepEqual(required, field.required ? [field.name] : [], field.name);
    }
  });

  it('stores each field under its property, with raw values that differ from their codes', () => {
    const { report } = validateReport(
      { ...minimal, source_type: 'EMS', naloxone_response: 'woke up', age_band: '30 to 34', sex: 'M' },
      context,
    );
    assert.ok(report);
    for (const field of reportFields) assert.ok(field.property in report, field.name);
    const stored = compactParsedReport(report);
    assert.deepEqual(stored.rawValues, {
      source_type: 'EMS',
      naloxone_response: 'woke up',
      age_band: '30 to 34',
      sex: 'M',
    });
    assert.equal(stored.sourceType, 'ems');
    assert.equal(stored.ageBand, '30-34');
  });

  it('lets out in line-level lists the T2 fields and none of the T3 ones (address, narrative)', () => {
    const shown = new Set<string>(LINE_LEVEL_FIELDS);
    for (const column of lineLevelReportColumns) assert.ok(shown.has(column), column);
    for (const field of reportFields.filter((f) => f.tier === 'T3')) {
      for (const column of [field.name, ...field.overdoseColumns]) assert.ok(!shown.has(column), column);
    }
  });
});
