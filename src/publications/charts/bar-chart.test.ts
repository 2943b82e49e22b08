import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementsOf, groupOf, textsOf } from '../../../test/support/svg-marks.js';
import { checkXml } from '../../../test/support/well-formed-xml.js';
import type { ReportRow } from '../weekly/weekly-report.js';
import { barChartSvg, hiddenStubWidth } from './bar-chart.js';

const row = (label: string, count: number | null, extra: Partial<ReportRow> = {}): ReportRow => ({
  key: label,
  label,
  count,
  ...extra,
});

/** Each bar's rectangle, in row order: solid bars and hatched stubs alike. */
const barsOf = (svg: string) => elementsOf(groupOf(svg, 'bars'), 'rect');

describe('barChartSvg', () => {
  it('writes well-formed, accessible SVG with every row said in words', () => {
    const svg = barChartSvg([row('Female', 19), row('Male', 46), row('Unknown', null)], {
      k: 10,
      title: 'Sex',
    });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.match(
      svg,
      /<title>Sex<\/title><desc>Female: 19; Male: 46; Unknown: hidden \(1 to 9, or a larger count hidden to protect one\)<\/desc>/,
    );
  });

  it('scales bars to the largest shown count: 50 of 100 is half as long', () => {
    const svg = barChartSvg([row('A', 100), row('B', 50), row('C', 25)], { k: 10, title: 'Age', width: 500 });
    const [a, b, c] = barsOf(svg).map((bar) => Number(bar.width));
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.ok(Math.abs(b - a / 2) <= 0.1, `${b} is half of ${a}`);
    assert.ok(Math.abs(c - a / 4) <= 0.1, `${c} is a quarter of ${a}`);
    const texts = elementsOf(groupOf(svg, 'bars'), 'text');
    const valueOfA = texts.find((_, i) => textsOf(groupOf(svg, 'bars'))[i] === '100');
    assert.equal(
      Number(valueOfA?.x),
      Math.round((Number(barsOf(svg)[0]?.x) + a + 5) * 10) / 10,
      'the value follows the end of its bar',
    );
  });

  it('shows zero as 0 with no bar, and a hidden row as a hatched stub and "hidden"', () => {
    const svg = barChartSvg([row('Shown', 40), row('None', 0), row('Hidden', null)], { k: 10, title: 'T' });
    const bars = barsOf(svg);
    assert.equal(bars.length, 2, 'one bar for 40, one stub for the hidden row, nothing for 0');
    assert.match(bars[1]?.fill ?? '', /^url\(#sos-bar-hatch-[0-9a-f]{8}\)$/);
    assert.equal(bars[1]?.width, String(hiddenStubWidth));
    const texts = textsOf(svg);
    assert.ok(texts.includes('0'));
    assert.ok(texts.includes('hidden'));
    assert.ok(texts.includes('hatched: hidden (see the notes)'));
  });

  it('draws every hidden row alike, whatever the other rows or the rate it should not have', () => {
    const small = barChartSvg([row('A', 12), row('B', null)], { k: 10, title: 'T' });
    const large = barChartSvg([row('A', 1200), row('B', null)], { k: 10, title: 'T' });
    assert.deepEqual(barsOf(small)[1], barsOf(large)[1]);
    const oneRate = barChartSvg([row('A', 12), row('B', null, { rate: 3.1, rateUnreliable: true })], {
      k: 10,
      title: 'T',
    });
    const otherRate = barChartSvg([row('A', 12), row('B', null, { rate: 7.9 })], { k: 10, title: 'T' });
    assert.equal(oneRate, otherRate);
    assert.equal(oneRate, small);
  });

  it('escapes labels', () => {
    const svg = barChartSvg([row('Public place <outdoors> & "parks"', 3)], { k: 1, title: "St. Anne's" });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.ok(svg.includes('>Public place &lt;outdoors&gt; &amp; &quot;…</text>'), 'a long label is cut');
    assert.ok(svg.includes('<desc>Public place &lt;outdoors&gt; &amp; &quot;parks&quot;: 3</desc>'));
    assert.ok(svg.includes('<title>St. Anne&apos;s</title>'));
  });

  it('shows an empty state for no rows', () => {
    const svg = barChartSvg([], { k: 10, title: 'Age' });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.ok(textsOf(svg).includes('No figures to show.'));
  });
});
