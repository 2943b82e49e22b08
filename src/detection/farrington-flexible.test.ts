import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertMatchesReference, referenceCases } from '../../test/support/detection-fixtures.js';
import { type FarringtonControl, farringtonFlexible } from './farrington-flexible.js';

describe('farringtonFlexible against R surveillance', () => {
  const cases = referenceCases('farringtonFlexible');
  it('has reference cases of both settings', () => assert.ok(cases.length >= 4));
  for (const { name, series, reference } of cases) {
    it(name, () => {
      const { variant: _variant, ...control } = reference.control as unknown as FarringtonControl & {
        variant: string;
      };
      assertMatchesReference(
        farringtonFlexible(series.observed, { ...control, frequency: series.frequency }),
        reference,
      );
    });
  }
});
