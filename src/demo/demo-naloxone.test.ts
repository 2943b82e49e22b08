import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_NALOXONE_YEAR, demoDistributions, UNDERSERVED_TOWNS } from './demo-naloxone.js';

const TOWNS = [
  { id: 'Waterbury', name: 'Waterbury', population: 110_366 },
  { id: 'Hartford', name: 'Hartford', population: 124_775 },
  { id: 'Union', name: 'Union', population: 854 },
  { id: 'Nowhere', name: 'Nowhere', population: null },
];

describe('the demo naloxone distributions', () => {
  const items = demoDistributions(TOWNS);
  const kitsOf = (town: string) => items.filter((i) => i.area_id === town).reduce((s, i) => s + i.kits, 0);

  it('are the same on every run, seven weeks a town in the demo year, none for a town without residents', () => {
    assert.deepEqual(demoDistributions(TOWNS), items);
    assert.equal(items.filter((i) => i.area_id === 'Hartford').length, 7);
    assert.equal(items.filter((i) => i.area_id === 'Nowhere').length, 0);
    assert.ok(items.every((i) => i.week?.startsWith(String(DEMO_NALOXONE_YEAR)) && i.kits >= 1));
    assert.equal(new Set(items.map((i) => i.source_id)).size, items.length);
  });

  it('give the underserved towns far fewer kits per resident than the others', () => {
    assert.ok((UNDERSERVED_TOWNS as readonly string[]).includes('Waterbury'));
    const perThousand = (town: string, population: number) => kitsOf(town) / (population / 1000);
    // 0.5-1.5 a year per 1,000 residents against 12-24, give or take the rounding of seven records.
    assert.ok(perThousand('Waterbury', 110_366) < 2, `Waterbury: ${perThousand('Waterbury', 110_366)}`);
    assert.ok(perThousand('Hartford', 124_775) > 10, `Hartford: ${perThousand('Hartford', 124_775)}`);
  });
});
