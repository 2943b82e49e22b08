import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { queenNeighbours } from '../../surveillance/hotspots/area-adjacency.js';
import { coarsenAreas, type LayerAreaInput } from './area-coarsening.js';

/** A unit square at column x, row y. */
function square(x: number, y: number) {
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
}

describe('public geography: merging small places', () => {
  it('merges each small place with its smallest neighbour until every area is large enough', () => {
    // A row of four: 30,000 | 5,000 | 8,000 | 25,000. The 5,000 joins the 8,000 (its smaller
    // neighbour); the pair (13,000) then joins the 25,000 beside it, not the 30,000.
    const places: LayerAreaInput[] = [
      { id: 'a', name: 'A', population: 30_000, geometry: square(0, 0) },
      { id: 'b', name: 'B', population: 5_000, geometry: square(1, 0) },
      { id: 'c', name: 'C', population: 8_000, geometry: square(2, 0) },
      { id: 'd', name: 'D', population: 25_000, geometry: square(3, 0) },
    ];
    const { groups } = coarsenAreas(places);
    assert.deepEqual(
      groups.map((g) => [g.id, g.name, g.population, g.memberIds]),
      [
        ['a', 'A', 30_000, ['a']],
        ['b', 'D, C and B', 38_000, ['d', 'c', 'b']],
      ],
    );
    assert.equal(groups[1]?.geometry.coordinates.length, 3);
  });

  it('joins an island to the nearest area and treats an unknown population as zero', () => {
    const places: LayerAreaInput[] = [
      { id: 'main', name: 'Main', population: 50_000, geometry: square(0, 0) },
      { id: 'far', name: 'Far', population: 60_000, geometry: square(20, 0) },
      { id: 'isle', name: 'Isle', population: 900, geometry: square(3, 0) },
      { id: 'nopop', name: 'No count', population: null, geometry: square(21, 0) },
    ];
    const { groups } = coarsenAreas(places);
    assert.deepEqual(
      groups.map((g) => g.memberIds),
      [
        ['far', 'nopop'],
        ['main', 'isle'],
      ],
    );
  });

  it('makes one area of a layer smaller than the minimum', () => {
    const places = [0, 1, 2].map((i) => ({
      id: `p${i}`,
      name: `P${i}`,
      population: 1_000,
      geometry: square(i, 0),
    }));
    assert.equal(coarsenAreas(places).groups.length, 1);
  });

  it('merges the 169 Connecticut towns into connected areas of at least 20,000 residents', () => {
    const geo = JSON.parse(readFileSync('demo-data/ct_towns.geojson', 'utf8')) as {
      features: { properties: Record<string, unknown>; geometry: unknown }[];
    };
    const population = new Map(
      readFileSync('demo-data/ct_towns_population_2010.csv', 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .map(([town, pop]) => [town?.toUpperCase(), Number(pop)]),
    );
    const nameKey = Object.keys(geo.features[0]?.properties ?? {}).find((k) =>
      /town|name/i.test(k),
    ) as string;
    const places = geo.features.map((f) => {
      const name = String(f.properties[nameKey]);
      return { id: name, name, population: population.get(name.toUpperCase()) ?? null, geometry: f.geometry };
    });
    assert.equal(places.filter((p) => p.population === null).length, 0, 'every town has a population');
    const { groups } = coarsenAreas(places);
    const all = groups.flatMap((g) => g.memberIds).sort();
    assert.deepEqual(all, places.map((p) => p.id).sort(), 'every town in exactly one area');
    const total = (xs: { population: number | null }[]) => xs.reduce((s, x) => s + (x.population ?? 0), 0);
    assert.equal(total(groups), total(places));
    for (const group of groups) assert.ok(group.population >= 20_000, `${group.name}: ${group.population}`);
    const index = new Map(places.map((p, i) => [p.id, i]));
    const adjacent = queenNeighbours(places.map((p) => p.geometry));
    for (const group of groups) {
      const inGroup = new Set(group.memberIds.map((id) => index.get(id) as number));
      const reached = new Set([index.get(group.memberIds[0] as string) as number]);
      for (const i of reached) for (const n of adjacent[i] ?? []) if (inGroup.has(n)) reached.add(n);
      assert.equal(reached.size, inGroup.size, `${group.name} is connected`);
    }
    // Large towns stay whole and the rest merge: well under 169 areas, a large city alone.
    assert.ok(groups.length > 40 && groups.length < 90, `${groups.length} areas`);
    const hartford = groups.find((g) => g.memberIds.includes('Hartford'));
    assert.deepEqual(hartford?.memberIds, ['Hartford']);
  });
});
