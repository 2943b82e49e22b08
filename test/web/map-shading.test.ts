import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  areaLabelText,
  SHADES,
  shadeStops,
  shadeValue,
} from '../../web/src/features/dashboard/map-shading.js';

describe('map shading', () => {
  it('labels the legend at each colour’s share of the highest value, in the unit shown', () => {
    const rate = shadeStops(135.4, 'rate');
    assert.deepEqual(
      rate.map((s) => s.color),
      [...SHADES],
    );
    assert.deepEqual(
      rate.map((s) => s.label),
      ['0.0', '33.9', '67.7', '102', '135'],
    );
    assert.deepEqual(
      shadeStops(169, 'count').map((s) => s.label),
      ['0', '42', '85', '127', '169'],
    );
  });

  it('shades by rate where the population is known, else by count, and z only above zero', () => {
    const known = { count: 40, rate: 65.7, z: -1.2 };
    const unknown = { count: 12, rate: null, z: 2.5 };
    assert.deepEqual(
      [shadeValue(known, 'rate'), shadeValue(unknown, 'rate'), shadeValue(known, 'count')],
      [65.7, 12, 40],
    );
    assert.deepEqual([shadeValue(known, 'z'), shadeValue(unknown, 'z')], [0, 2.5]);
  });

  it('names the area under the pointer with its count, rate and hot-spot status', () => {
    assert.equal(
      areaLabelText({ name: 'Meriden', count: 40, rate: 65.7, hot: false }, 'rate'),
      'Meriden: 40 overdoses, 65.7 per 100,000',
    );
    assert.equal(
      areaLabelText({ name: 'Cell in Hartford (b9d)', count: 1, rate: null, z: 3.214, hot: true }, 'z'),
      'Cell in Hartford (b9d): 1 overdose, Gi* z 3.21 (hot spot)',
    );
  });
});
