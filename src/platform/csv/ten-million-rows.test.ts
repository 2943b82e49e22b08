import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsv } from './read-csv.js';

const ROWS = 10_000_000;

/** A 10-million-row CSV (about 370 MB) made on the fly in 64 KiB chunks, never held whole. */
async function* tenMillionRows(): AsyncGenerator<Buffer> {
  yield Buffer.from('source_record_id,occurred_at,latitude,longitude\n');
  let chunk = '';
  for (let i = 1; i <= ROWS; i++) {
    chunk += `r${i},2024-01-01T10:00:00Z,41.5${i % 10},-72.5${i % 7}\n`;
    if (chunk.length > 65_536) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  yield Buffer.from(chunk);
}

describe('a file of ten million rows', () => {
  it('is read row by row in constant memory', async () => {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let records = 0;
    let last = '';
    for await (const item of readCsv(tenMillionRows(), {
      fileName: 'ten-million.csv',
      requiredColumns: ['source_record_id', 'occurred_at'],
    })) {
      if (item.kind !== 'record') continue;
      records++;
      if (records % 500_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      last = item.fields.source_record_id as string;
    }
    assert.equal(records, ROWS);
    assert.equal(last, `r${ROWS}`);
    // Holding the rows would take gigabytes; streaming keeps the heap within a few chunks of garbage.
    assert.ok(peak - before < 128 * 1024 * 1024, `heap grew by ${Math.round((peak - before) / 1e6)} MB`);
  });
});
