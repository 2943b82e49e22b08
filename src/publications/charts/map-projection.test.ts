import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fittedPaths, geometryPolygons, type Rings } from './map-projection.js';

const square = (west: number, south: number, side: number): Rings => [
  [
    [west, south],
    [west + side, south],
    [west + side, south + side],
    [west, south + side],
    [west, south],
  ],
];

describe('map projection', () => {
  it('reads Polygon and MultiPolygon geometries and ignores anything else', () => {
    assert.deepEqual(geometryPolygons({ type: 'Polygon', coordinates: square(0, 0, 1) }), [square(0, 0, 1)]);
    assert.deepEqual(
      geometryPolygons({ type: 'MultiPolygon', coordinates: [square(0, 0, 1), square(2, 0, 1)] }),
      [square(0, 0, 1), square(2, 0, 1)],
    );
    assert.deepEqual(geometryPolygons({ type: 'Point', coordinates: [0, 0] }), []);
    assert.deepEqual(
      geometryPolygons({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 'x'],
            [0, 1],
          ],
        ],
      }),
      [],
    );
    assert.deepEqual(geometryPolygons(null), []);
  });

  it('fits a square to the box, centred, with north up and paths rounded to 0.1 px', () => {
    const [path] = fittedPaths([[square(-0.5, -0.5, 1)]], { left: 10, top: 20, width: 300, height: 200 });
    // At the equator a degree is as wide as it is tall: a 200 px square centred in 300 px.
    assert.equal(path, 'M60 220L260 220L260 20L60 20L60 220Z');
  });

  it('shrinks longitudes by the cosine of the middle latitude', () => {
    const [path] = fittedPaths([[square(10, 59.5, 1)]], { left: 0, top: 0, width: 400, height: 100 });
    const xs = (path ?? '').match(/[ML](-?[\d.]+)/g)?.map((move) => Number(move.slice(1))) ?? [];
    const width = Math.max(...xs) - Math.min(...xs);
    assert.ok(Math.abs(width - 50) <= 0.2, `a degree at 60°N is half as wide as tall: ${width}`);
  });

  it('keeps holes as further rings of the same path', () => {
    const withHole: Rings = [...square(0, 0, 4), ...square(1, 1, 2)];
    const [path] = fittedPaths([[withHole]], { left: 0, top: 0, width: 100, height: 100 });
    assert.equal(path?.match(/M/g)?.length, 2);
  });

  it('scales all areas together, so neighbours keep their relative size and place', () => {
    const paths = fittedPaths([[square(0, 0, 1)], [square(1, 0, 1)]], {
      left: 0,
      top: 0,
      width: 200,
      height: 100,
    });
    assert.deepEqual(paths, ['M0 100L100 100L100 0L0 0L0 100Z', 'M100 100L200 100L200 0L100 0L100 100Z']);
  });
});
