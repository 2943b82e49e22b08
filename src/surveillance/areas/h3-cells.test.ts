import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellToParent, getResolution, isValidCell, latLngToCell } from 'h3-js';
import { h3CellsFor } from './h3-cells.js';

describe('h3CellsFor', () => {
  it('returns valid cells at resolutions 7 and 9 for downtown Hartford', () => {
    const { h3r7, h3r9 } = h3CellsFor(41.7658, -72.6734);
    assert.ok(isValidCell(h3r7) && isValidCell(h3r9));
    assert.equal(getResolution(h3r7), 7);
    assert.equal(getResolution(h3r9), 9);
    assert.equal(h3r9, latLngToCell(41.7658, -72.6734, 9));
  });

  it('always returns the parent of the r9 cell as the r7 cell, across Connecticut', () => {
    for (let lat = 40.98; lat <= 42.05; lat += 0.013) {
      for (let lon = -73.73; lon <= -71.78; lon += 0.017) {
        const { h3r7, h3r9 } = h3CellsFor(lat, lon);
        assert.ok(isValidCell(h3r9), `${h3r9} for (${lat}, ${lon})`);
        assert.equal(cellToParent(h3r9, 7), h3r7);
      }
    }
  });

  it('puts points a few metres apart in the same cells and points kilometres apart in different ones', () => {
    const here = h3CellsFor(41.3083, -72.9279);
    assert.deepEqual(h3CellsFor(41.30831, -72.92791), here);
    assert.notEqual(h3CellsFor(41.35, -72.9279).h3r7, here.h3r7);
  });
});
