import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DetectionResult } from '../../src/detection/detection-result.js';

/** One case of a reference fixture: a method, R's control list, and what R returned. */
export interface ReferenceCase {
  method: string;
  control: Record<string, unknown>;
  upperbound: (number | null)[];
  alarm: (boolean | null)[];
}

/** One reference file: a count series and the cases R computed on it. */
export interface ReferenceSeries {
  file: string;
  dataset: string;
  frequency: number;
  observed: number[];
  cases: ReferenceCase[];
}

/** The reference outputs of R's surveillance in ../shared/fixtures/detection (test support only). */
export function referenceSeries(): ReferenceSeries[] {
  const folder = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'detection');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(path.join(folder, file), 'utf8')) }));
}

/** Every case of one method, with its series, named for test titles. */
export function referenceCases(
  method: string,
): { name: string; series: ReferenceSeries; reference: ReferenceCase }[] {
  return referenceSeries().flatMap((series) =>
    series.cases
      .filter((reference) => reference.method === method)
      .map((reference) => ({
        name: `${series.dataset} ${JSON.stringify(reference.control)}`,
        series,
        reference,
      })),
  );
}

/** Asserts upper bounds within 1e-6 relative (null where R has NA) and alarms exactly as R. */
export function assertMatchesReference(actual: DetectionResult, reference: ReferenceCase): void {
  assert.equal(actual.upperbound.length, reference.upperbound.length, 'number of periods');
  reference.upperbound.forEach((expected, i) => {
    const got = actual.upperbound[i];
    if (expected === null) {
      assert.equal(got, null, `upperbound[${i}]: R has NA, got ${got}`);
      return;
    }
    assert.ok(
      typeof got === 'number' && Math.abs(got - expected) <= 1e-6 * Math.abs(expected) + 1e-12,
      `upperbound[${i}]: expected ${expected}, got ${got}`,
    );
  });
  assert.deepEqual(actual.alarm, reference.alarm);
}
