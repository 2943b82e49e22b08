import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SceneOverdose } from '../surveillance/scene-overdoses.js';
import { distanceMetres, isPediatric, kindsOfScene, sameScene } from './scene-rule.js';

const at = (
  minute: number,
  latitude: number | null,
  longitude: number | null,
  extra: Partial<SceneOverdose> = {},
) =>
  ({
    id: `o${minute}`,
    occurredAt: new Date(Date.UTC(2026, 0, 10, 14, minute)),
    timeKnown: true,
    latitude,
    longitude,
    fatal: false,
    age: 40,
    ageBand: null,
    ...extra,
  }) satisfies SceneOverdose;

describe('scene rule', () => {
  it('measures great-circle distance: a degree of latitude is 2πR/360 on the mean sphere', () => {
    const degree = (2 * Math.PI * 6_371_008.8) / 360;
    assert.ok(
      Math.abs(distanceMetres({ latitude: 41, longitude: -72 }, { latitude: 42, longitude: -72 }) - degree) <
        1e-6,
    );
    // Along a parallel, a small step is R·cos(lat)·Δλ (within a millimetre over 100 m).
    const step = (100 / (6_371_008.8 * Math.cos((41 * Math.PI) / 180))) * (180 / Math.PI);
    assert.ok(
      Math.abs(
        distanceMetres({ latitude: 41, longitude: -72 }, { latitude: 41, longitude: -72 + step }) - 100,
      ) < 1e-3,
    );
  });

  it('makes one scene of two overdoses within 30 minutes and 150 m, and only then', () => {
    const base = at(0, 41.7658, -72.6734);
    const metre = 1 / 111_194.93; // a metre of latitude, in degrees
    assert.equal(sameScene(base, at(30, 41.7658 + 149 * metre, -72.6734)), true);
    assert.equal(sameScene(base, at(31, 41.7658, -72.6734)), false);
    assert.equal(sameScene(base, at(10, 41.7658 + 151 * metre, -72.6734)), false);
    // A date alone, or an address without coordinates, cannot tell.
    assert.equal(sameScene(base, at(5, 41.7658, -72.6734, { timeKnown: false })), false);
    assert.equal(sameScene(base, at(5, null, null)), false);
  });

  it('calls a scene fatal, pediatric (under 18, or a band wholly under 18) and multiple victim', () => {
    assert.deepEqual(kindsOfScene([at(0, 1, 1)]), []);
    assert.deepEqual(kindsOfScene([at(0, 1, 1, { fatal: true })]), ['fatal']);
    assert.deepEqual(kindsOfScene([at(0, 1, 1, { age: 17 }), at(1, 1, 1, { fatal: true })]), [
      'fatal',
      'pediatric',
      'multiple_victim',
    ]);
    assert.equal(isPediatric({ age: 18, ageBand: null }), false);
    assert.equal(isPediatric({ age: null, ageBand: '10-14' }), true);
    assert.equal(isPediatric({ age: null, ageBand: '15-19' }), false);
  });
});
