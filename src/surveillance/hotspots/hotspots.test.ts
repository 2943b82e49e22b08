import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCsvRecords } from '../../../test/support/reference-csv.js';
import { queenNeighbours } from './area-adjacency.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { giStar } from './gi-star.js';
import { twoSidedP } from './normal-distribution.js';

const fixture = (name: string) =>
  parseCsvRecords(readFileSync(path.resolve('test', 'fixtures', 'gi-star', name), 'utf8'));

describe('hot-spot statistics against R spdep', () => {
  const grid = fixture('grid.csv');
  const reference = fixture('reference.csv');
  const index = new Map(grid.map((g, i) => [g.id as string, i]));
  // Each grid cell as the unit square [x, x+1] x [y, y+1].
  const squares = grid.map((g) => {
    const [x, y] = [Number(g.x), Number(g.y)];
    return {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 1, y],
          [x + 1, y + 1],
          [x, y + 1],
          [x, y],
        ],
      ],
    };
  });
  const neighbours = queenNeighbours(squares);

  it('finds the same neighbours from shared boundary points as R does from center distances', () => {
    reference.forEach((r, i) => {
      const expected = (r.neighbours ?? '')
        .split(';')
        .map((id) => index.get(id) as number)
        .sort((a, b) => a - b);
      assert.deepEqual(neighbours[i], expected, r.id);
    });
  });

  it('computes Gi* z-scores equal to localG with self-inclusive binary weights', () => {
    const z = giStar(
      grid.map((g) => Number(g.count)),
      neighbours,
    );
    reference.forEach((r, i) => {
      assert.ok(Math.abs((z[i] as number) - Number(r.z)) < 1e-9, `${r.id}: ${z[i]} vs ${r.z}`);
    });
  });

  it('gives two-sided p-values and Benjamini-Hochberg q-values equal to pnorm and p.adjust', () => {
    const z = reference.map((r) => Number(r.z));
    const p = z.map(twoSidedP);
    const q = benjaminiHochberg(p);
    reference.forEach((r, i) => {
      const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(b, 1e-300);
      assert.ok(relative(p[i] as number, Number(r.p)) < 1e-6, `p ${r.id}: ${p[i]} vs ${r.p}`);
      assert.ok(relative(q[i] as number, Number(r.q)) < 1e-6, `q ${r.id}: ${q[i]} vs ${r.q}`);
    });
    // The planted cluster is found: its middle cell is among the significant hot spots.
    const middle = index.get('c0704') as number;
    assert.ok((z[middle] as number) > 0 && (q[middle] as number) < 0.05);
  });

  it('leaves a constant map without z-scores rather than dividing by zero', () => {
    assert.ok(giStar([3, 3, 3], [[1], [0, 2], [1]]).every(Number.isNaN));
    assert.deepEqual(benjaminiHochberg([Number.NaN, 0.01]), [Number.NaN, 0.01]);
  });
});
