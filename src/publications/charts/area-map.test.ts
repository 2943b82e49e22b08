import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementsOf, groupOf, textsOf } from '../../../test/support/svg-marks.js';
import { checkXml } from '../../../test/support/well-formed-xml.js';
import type { ReportArea } from '../weekly/weekly-report.js';
import { areaMapSvg } from './area-map.js';
import { sequentialPalette, zeroFill } from './chart-style.js';

/** An area on a 4-wide grid of 0.01° squares, with its count and, when given, its rate. */
function area(i: number, count: number | null, extra: Partial<ReportArea> = {}): ReportArea {
  const west = -75 + (i % 4) * 0.01;
  const south = 40 + Math.floor(i / 4) * 0.01;
  return {
    key: `a${i}`,
    label: `Area ${i}`,
    count,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [west + 0.01, south],
          [west + 0.01, south + 0.01],
          [west, south + 0.01],
          [west, south],
        ],
      ],
    },
    ...extra,
  };
}

const fillsOf = (svg: string) => elementsOf(groupOf(svg, 'areas'), 'path').map((path) => path.fill);

describe('areaMapSvg', () => {
  it('writes well-formed, accessible SVG with one outline per area and every area said in words', () => {
    const areas = [area(0, 12), area(1, null), area(2, 0), area(3, 40)];
    const svg = areaMapSvg(areas, { k: 10, title: 'Overdoses by area' });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.match(svg, /viewBox="0 0 640 420"/);
    assert.equal(elementsOf(groupOf(svg, 'areas'), 'path').length, 4);
    assert.match(
      svg,
      /<desc>Overdoses by area\. Area 0: 12 overdoses; Area 1: hidden \(1 to 9, or a larger count hidden to protect one\); Area 2: 0 overdoses; Area 3: 40 overdoses\.<\/desc>/,
    );
  });

  it('colours shown values light to dark, zero white-ish, hidden areas hatched', () => {
    const svg = areaMapSvg([area(0, 12), area(1, null), area(2, 0), area(3, 40)], { k: 10, title: 'T' });
    const hatch = /<pattern id="(sos-map-hatch-[0-9a-f]{8})"/.exec(svg)?.[1];
    assert.ok(hatch, 'the hatch pattern is defined');
    assert.deepEqual(fillsOf(svg), [sequentialPalette[0], `url(#${hatch})`, zeroFill, sequentialPalette[1]]);
    const texts = textsOf(svg);
    assert.ok(texts.includes('hidden'));
    assert.ok(texts.includes('(see the notes)'));
    assert.ok(texts.includes('0'));
  });

  it('uses five classes of one hue for many values', () => {
    const areas = Array.from({ length: 20 }, (_, i) => area(i, 10 + i * 3));
    const fills = fillsOf(areaMapSvg(areas, { k: 10, title: 'T' }));
    assert.deepEqual([...new Set(fills)], [...sequentialPalette]);
  });

  it('leaves no trace of a hidden value, not even its rate', () => {
    const options = { k: 10, title: 'Rate', measure: 'rate' as const };
    const shown = [area(0, 30, { rate: 12.5 }), area(2, 45, { rate: 20.1 })];
    const one = areaMapSvg([...shown, area(1, null, { rate: 3.2, rateUnreliable: true })], options);
    const other = areaMapSvg([...shown, area(1, null, { rate: 8.9 })], options);
    assert.equal(one, other);
    assert.ok(!one.includes('3.2') && !one.includes('8.9'));
  });

  it('marks unreliable rates with a dotted outline on a rate map, explained in the legend', () => {
    const areas = [area(0, 12, { rate: 40.2, rateUnreliable: true }), area(1, 35, { rate: 80.4 })];
    const rateMap = areaMapSvg(areas, { k: 10, title: 'T', measure: 'rate' });
    const dotted = elementsOf(groupOf(rateMap, 'unreliable'), 'path');
    assert.equal(dotted.length, 1);
    assert.equal(dotted[0]?.d, elementsOf(groupOf(rateMap, 'areas'), 'path')[0]?.d);
    assert.ok(textsOf(rateMap).includes('rate unreliable'));
    assert.ok(textsOf(rateMap).includes('Rate per 100,000'));
    assert.match(rateMap, /Area 0: 40\.2 per 100,000 \(12 overdoses\), rate unreliable/);
    const countMap = areaMapSvg(areas, { k: 10, title: 'T', measure: 'count' });
    assert.equal(elementsOf(groupOf(countMap, 'unreliable'), 'path').length, 0);
  });

  it('escapes labels', () => {
    const svg = areaMapSvg([area(0, 12, { label: 'Mill & Bridge <east>' })], { k: 10, title: '"Map"' });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.ok(svg.includes('Mill &amp; Bridge &lt;east&gt;: 12 overdoses'));
    assert.ok(svg.includes('<title>&quot;Map&quot;</title>'));
  });

  it('shows an empty state for no areas, or none with an outline', () => {
    const none = areaMapSvg([], { k: 10, title: 'T' });
    assert.deepEqual(checkXml(none).problems, []);
    assert.ok(textsOf(none).includes('No areas to map.'));
    const shapeless = areaMapSvg([{ ...area(0, 3), geometry: { type: 'Point', coordinates: [0, 0] } }], {
      k: 1,
      title: 'T',
    });
    assert.ok(textsOf(shapeless).includes('No area outlines to draw.'));
  });
});
