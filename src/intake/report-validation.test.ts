import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOccurredAt, validateReport } from './report-validation.js';

const context = {
  timeZone: 'America/New_York',
  now: new Date('2024-06-01T12:00:00Z'),
  defaultSourceType: 'ems',
};
const base = {
  source_record_id: 'r1',
  occurred_at: '2024-05-01T10:00:00Z',
  latitude: '41.5',
  longitude: '-72.5',
};

describe('occurred_at', () => {
  it('reads a date alone as that local day with no time of day', () => {
    const at = parseOccurredAt('2024-03-10', 'America/New_York');
    assert.deepEqual(
      [at?.occurredDate, at?.timeKnown, at?.occurredAt.toISOString()],
      ['2024-03-10', false, '2024-03-10T16:00:00.000Z'],
    );
  });

  it('reads a local date-time in the jurisdiction zone, across daylight saving time', () => {
    assert.equal(
      parseOccurredAt('2024-01-15T23:30', 'America/New_York')?.occurredAt.toISOString(),
      '2024-01-16T04:30:00.000Z',
    );
    assert.equal(
      parseOccurredAt('2024-07-15 23:30:00', 'America/New_York')?.occurredAt.toISOString(),
      '2024-07-16T03:30:00.000Z',
    );
    assert.equal(
      parseOccurredAt('2024-07-15T23:30', 'America/Phoenix')?.occurredAt.toISOString(),
      '2024-07-16T06:30:00.000Z',
    );
  });

  it('cuts the day in the jurisdiction zone for an instant with an offset', () => {
    const at = parseOccurredAt('2024-05-02T02:00:00Z', 'America/New_York');
    assert.equal(at?.occurredDate, '2024-05-01');
    assert.equal(parseOccurredAt('2024-05-02T02:00:00+02:00', 'UTC')?.occurredDate, '2024-05-02');
  });

  it('refuses what is not a real date', () => {
    for (const raw of [
      '2024-02-30',
      '2023-02-29',
      '24-05-01',
      '2024-05-01T25:00',
      'yesterday',
      '2024/05/01',
    ]) {
      assert.equal(parseOccurredAt(raw, 'UTC'), null, raw);
    }
  });
});

describe('validateReport', () => {
  it('accepts numbers and booleans as text (CSV) or typed (JSON) alike', () => {
    const fromCsv = validateReport({ ...base, fatal: 'Yes', naloxone_doses: '2', age: '34' }, context);
    const fromJson = validateReport(
      { ...base, latitude: 41.5, longitude: -72.5, fatal: true, naloxone_doses: 2, age: 34 },
      context,
    );
    assert.deepEqual(fromCsv.report, fromJson.report);
    assert.equal(fromCsv.report?.ageBand, '30-34');
  });

  it('allows a few minutes of clock skew but not a future report', () => {
    assert.ok(validateReport({ ...base, occurred_at: '2024-06-01T12:04:00Z' }, context).report);
    assert.equal(
      validateReport({ ...base, occurred_at: '2024-06-01T12:06:00Z' }, context).problems[0]?.code,
      'DATE_IN_FUTURE',
    );
  });

  it('needs coordinates as a pair, or an address', () => {
    assert.equal(
      validateReport({ ...base, longitude: '' }, context).problems[0]?.code,
      'COORDINATE_PAIR_INCOMPLETE',
    );
    const byAddress = validateReport({ ...base, latitude: '', longitude: '', address: '1 Main St' }, context);
    assert.equal(byAddress.report?.address, '1 Main St');
    assert.equal(
      validateReport({ ...base, longitude: '-181' }, context).problems[0]?.code,
      'LONGITUDE_OUT_OF_RANGE',
    );
  });

  it('reports every problem of a record at once', () => {
    const result = validateReport(
      { source_record_id: '', occurred_at: 'x', latitude: 'a', longitude: 'b', fatal: 'perhaps' },
      context,
    );
    assert.equal(result.report, null);
    assert.deepEqual(
      result.problems.map((p) => `${p.field}:${p.code}`),
      [
        'source_record_id:REQUIRED',
        'occurred_at:INVALID_DATE',
        'latitude:INVALID_TYPE',
        'longitude:INVALID_TYPE',
        'fatal:INVALID_TYPE',
      ],
    );
  });

  it('rejects objects where text is expected', () => {
    const result = validateReport({ ...base, sex: { value: 'M' } }, context);
    assert.deepEqual(
      result.problems.map((p) => `${p.field}:${p.code}`),
      ['sex:INVALID_TYPE'],
    );
  });
});
