import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AreaCoverage, assessCoverage } from './naloxone-desert.js';

const area = (
  id: string,
  population: number | null,
  overdoses: number,
  kits: number,
  accessPoints: number,
): AreaCoverage => ({ id, name: id, population, overdoses, kits, accessPoints });

// Figures worked by hand. Jurisdiction: overdoses 20+10+10+4+15+12+12+15 = 98 over the residents of
// the areas with a population, 125,000: 78.4 per 100,000 (E has no population and does not count).
const AREAS = [
  area('A', 10_000, 20, 50, 1), // 200 per 100k; 2.5 kits per overdose; 1 point for 20 overdoses: desert
  area('B', 20_000, 10, 500, 0), // 50 per 100k: below the jurisdiction's rate
  area('C', 50_000, 10, 20, 0), // 20 per 100k
  area('D', 5_000, 4, 0, 0), // 80 per 100k, but 4 overdoses are fewer than 5: not high
  area('E', null, 30, 0, 0), // no population: no rate, never a desert
  area('F', 10_000, 15, 100, 0), // 150 per 100k; 6.67 kits per overdose; no point: desert
  area('G', 10_000, 12, 300, 0), // 120 per 100k; 25 kits per overdose: supplied
  area('H', 10_000, 12, 30, 2), // 120 per 100k; 2.5 kits per overdose; 2 points for 12: access not low
  area('I', 10_000, 15, 30, 1), // 150 per 100k (ties with F); 2 kits per overdose: ranks before F
];

describe('naloxone deserts', () => {
  const result = assessCoverage(AREAS);
  const of = (id: string) => result.areas.find((a) => a.id === id);

  it("compares each area's rate with the jurisdiction's over the areas with a population", () => {
    assert.ok(Math.abs((result.jurisdictionRate ?? 0) - 78.4) < 1e-9);
    assert.equal(of('A')?.rate, 200);
    assert.equal(of('E')?.rate, null);
    assert.deepEqual(
      result.areas.filter((a) => a.highRate).map((a) => a.id),
      ['A', 'F', 'G', 'H', 'I'],
    );
  });

  it('calls a desert only a high rate with both few kits and few access points per overdose', () => {
    assert.deepEqual(
      result.deserts.map((d) => [d.id, d.rank]),
      [
        ['A', 1],
        ['I', 2],
        ['F', 3],
      ],
    );
    assert.equal(of('G')?.lowKits, false);
    assert.equal(of('H')?.lowKits, true);
    assert.equal(of('H')?.lowAccess, false);
    assert.equal(of('D')?.desert, false);
    assert.equal(of('E')?.desert, false);
    assert.equal(of('B')?.rank, null);
  });

  it('gives the figures per overdose and per 10,000 residents, and the kits short of the threshold', () => {
    const a = of('A');
    assert.equal(a?.kitsPerOverdose, 2.5);
    assert.equal(a?.accessPointsPerOverdose, 0.05);
    assert.equal(a?.accessPointsPer10k, 1);
    assert.equal(a?.kitsPer10k, 50);
    assert.equal(a?.kitsShort, 150);
    assert.equal(of('F')?.kitsShort, 50);
    assert.equal(of('G')?.kitsShort, 0);
  });

  it('follows the thresholds it is given and leaves an area without overdoses alone', () => {
    const strict = assessCoverage(AREAS, {
      kitsPerOverdose: 30,
      overdosesPerAccessPoint: 5,
      minOverdoses: 5,
    });
    // G now has too few kits (25 < 30) and no access point; H's 2 points now cover only 10 of 12;
    // at 120 per 100,000 both, H (2.5 kits per overdose) comes before G (25).
    assert.deepEqual(
      strict.deserts.map((d) => d.id),
      ['A', 'I', 'F', 'H', 'G'],
    );
    const quiet = assessCoverage([area('Z', 1_000, 0, 0, 0)]);
    assert.equal(quiet.areas[0]?.kitsPerOverdose, null);
    assert.equal(quiet.areas[0]?.lowKits, false);
    assert.equal(quiet.deserts.length, 0);
  });
});
