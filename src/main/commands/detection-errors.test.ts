import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectionError } from '../../detection/detection-error.js';
import { SosError } from '../../platform/errors.js';
import { withCatalogErrors } from './detection-errors.js';

describe('detection errors at the command line', () => {
  it("gives a detection error as the catalog's error of the same code, message and details", async () => {
    const thrown = new DetectionError('SCAN_DATA_INVALID', 't.cas line 5: "x" is not a date', { line: 5 });
    await assert.rejects(
      withCatalogErrors(async () => {
        throw thrown;
      }),
      (error: unknown) =>
        error instanceof SosError &&
        error.code === 'SCAN_DATA_INVALID' &&
        error.status === 400 &&
        error.message === thrown.message &&
        (error.details as { line: number }).line === 5,
    );
  });

  it('passes every other error and every answer through unchanged', async () => {
    const other = new Error('disk full');
    await assert.rejects(
      withCatalogErrors(async () => {
        throw other;
      }),
      (error: unknown) => error === other,
    );
    assert.equal(await withCatalogErrors(async () => 7), 7);
  });
});
