import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../platform/errors.js';
import { resolveBacktestRange } from './backtest-range.js';

const NEW_YORK = 'America/New_York';
const NOW = new Date('2025-06-15T14:00:00Z');
const iso = (d: Date) => d.toISOString();

describe('backtest range', () => {
  it("reads days as the jurisdiction's: from its first midnight to the end of the last day", () => {
    const range = resolveBacktestRange(
      { from: '2021-01-01', to: '2022-12-31' },
      { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: null },
    );
    // EST is UTC−5: local midnight of 1 January 2021 is 05:00Z, and 31 December 2022 ends at 05:00Z.
    assert.equal(iso(range.from), '2021-01-01T05:00:00.000Z');
    assert.equal(iso(range.to), '2023-01-01T05:00:00.000Z');
    assert.deepEqual([range.firstDay, range.lastDay], ['2021-01-01', '2022-12-31']);
    // In summer (EDT, UTC−4) as well.
    const summer = resolveBacktestRange(
      { from: '2024-07-01', to: '2024-07-01' },
      { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: null },
    );
    assert.deepEqual(
      [iso(summer.from), iso(summer.to)],
      ['2024-07-01T04:00:00.000Z', '2024-07-02T04:00:00.000Z'],
    );
  });

  it('takes instants as they are', () => {
    const range = resolveBacktestRange(
      { from: '2021-01-01T00:00:00Z', to: '2021-02-01T00:00:00Z' },
      { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: null },
    );
    assert.deepEqual([range.firstDay, range.lastDay], ['2020-12-31', '2021-01-31']);
  });

  it("defaults to the data's last year when the data ends before today", () => {
    const range = resolveBacktestRange(
      {},
      { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: new Date('2022-12-31T23:30:00Z') },
    );
    // 23:30Z on 31 December is 18:30 that day in New York: the year is 1 January to 31 December 2022.
    assert.deepEqual([range.firstDay, range.lastDay], ['2022-01-01', '2022-12-31']);
    assert.equal(iso(range.to), '2023-01-01T05:00:00.000Z');
  });

  it('defaults to the last year to now when the data is current, never past now', () => {
    const range = resolveBacktestRange(
      {},
      { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: new Date('2025-06-15T13:00:00Z') },
    );
    assert.equal(iso(range.to), iso(NOW));
    assert.deepEqual([range.firstDay, range.lastDay], ['2024-06-16', '2025-06-15']);
    const empty = resolveBacktestRange({}, { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: null });
    assert.equal(iso(empty.to), iso(NOW));
    // Only a start: up to the data's end.
    const fromOnly = resolveBacktestRange(
      { from: '2022-06-01' },
      { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: new Date('2022-12-31T12:00:00Z') },
    );
    assert.equal(fromOnly.lastDay, '2022-12-31');
  });

  it('refuses a range that ends before it starts or spans more than 3 years, naming to', () => {
    const context = { timeZone: NEW_YORK, now: NOW, newestOverdoseAt: null };
    for (const asked of [
      { from: '2021-01-02', to: '2021-01-01' },
      { from: '2020-01-01', to: '2024-01-01' },
    ]) {
      assert.throws(
        () => resolveBacktestRange(asked, context),
        (e) =>
          e instanceof SosError &&
          e.code === 'VALIDATION_FAILED' &&
          (e.details as { field?: string }).field === 'to',
      );
    }
  });
});
