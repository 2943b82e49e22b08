import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementsOf, groupOf, textsOf } from '../../../test/support/svg-marks.js';
import { checkXml } from '../../../test/support/well-formed-xml.js';
import type { ReportFigure, TrendPoint } from '../weekly/weekly-report.js';
import { trendChartSvg } from './trend-chart.js';

/** Weeks 2024-W01 onwards with the given counts and last year's. */
function weeks(counts: ReportFigure[], lastYear: ReportFigure[] = counts.map(() => 10)): TrendPoint[] {
  return counts.map((count, i) => {
    const first = new Date(Date.UTC(2023, 11, 31 + 7 * i)).toISOString().slice(0, 10);
    return { week: `2024-W${String(i + 1).padStart(2, '0')}`, first, count, lastYear: lastYear[i] ?? null };
  });
}

/** Hides 1..k−1 as the report model does before any renderer sees a figure. */
function suppress(counts: number[], k: number): ReportFigure[] {
  return counts.map((count) => (count >= 1 && count < k ? null : count));
}

describe('trendChartSvg', () => {
  it('writes well-formed, accessible SVG that lists every week in words', () => {
    const svg = trendChartSvg(weeks([12, null, 30], [9, 11, null]), { k: 10, title: 'Weekly overdoses' });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.match(svg, /^<svg [^>]*role="img"/);
    assert.match(svg, /viewBox="0 0 720 300"/);
    assert.match(svg, /<title>Weekly overdoses<\/title>/);
    assert.match(
      svg,
      /<desc>[^<]*This year: W01 12, W02 hidden \(1 to 9, or a larger count hidden to protect one\), W03 30\./,
    );
    assert.match(
      svg,
      /Same week last year: W01 9, W02 11, W03 hidden \(1 to 9, or a larger count hidden to protect one\)\./,
    );
  });

  it('puts a count at the top tick on the top of the plot and zero on its baseline', () => {
    const svg = trendChartSvg(weeks([50, 100, 0, 25]), { k: 1, title: 'Trend' });
    const axis = elementsOf(svg, 'line').find((line) => line.class === 'axis');
    const dots = elementsOf(groupOf(svg, 'this-year'), 'circle');
    assert.equal(dots.length, 4);
    assert.equal(dots[1]?.cy, axis?.y1, 'the count of 100 sits on the top tick, the top of the axis');
    assert.equal(dots[2]?.cy, axis?.y2, 'zero sits on the baseline');
    assert.ok(textsOf(svg).includes('100'), 'the top tick is labelled 100');
    const [a, b, c] = dots.map((dot) => Number(dot.cx));
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.equal(Math.round((b - a) * 10), Math.round((c - b) * 10), 'weeks are evenly spaced');
    const top = Number(axis?.y1);
    const bottom = Number(axis?.y2);
    assert.ok(Math.abs(Number(dots[0]?.cy) - (top + bottom) / 2) <= 0.1, 'half the top tick is half-way up');
  });

  it('draws no dot for a hidden week, breaks the line there and shades 1 to k−1 instead', () => {
    const svg = trendChartSvg(weeks([40, null, 45, 50]), { k: 10, title: 'Trend' });
    const line = groupOf(svg, 'this-year');
    assert.equal(elementsOf(line, 'circle').length, 3);
    const path = elementsOf(line, 'path')[0]?.d ?? '';
    assert.equal(path.match(/M/g)?.length, 2, 'the line starts again after the hidden week');
    const bands = elementsOf(groupOf(svg, 'hidden-weeks'), 'rect');
    assert.equal(bands.length, 1);
    assert.ok(textsOf(svg).includes('hatched: hidden week (see the notes)'));
  });

  it('marks a hidden week as hidden and carries the line across it, dotted, not as a silent break', () => {
    const svg = trendChartSvg(weeks([40, null, null, 45, 50]), { k: 10, title: 'Trend' });
    const band = elementsOf(groupOf(svg, 'hidden-weeks'), 'rect');
    assert.equal(band.length, 2);
    assert.ok(
      band.every((rect) => /^url\(#sos-trend-hatch-[0-9a-f]{8}\)$/.test(rect.fill ?? '')),
      'hatched',
    );
    const across = elementsOf(groupOf(svg, 'across-hidden'), 'path')[0];
    const dots = elementsOf(groupOf(svg, 'this-year'), 'circle');
    // One dotted segment, from the dot before the hidden weeks to the dot after them.
    assert.equal(across?.d, `M${dots[0]?.cx} ${dots[0]?.cy}L${dots[1]?.cx} ${dots[1]?.cy}`);
    assert.ok(across?.['stroke-dasharray']);
    assert.ok(textsOf(svg).includes('dotted: the line across hidden weeks'));
  });

  it('leaves no trace of a hidden value: charts that differ only in it are identical', () => {
    const options = { k: 10, title: 'Trend' };
    const one = trendChartSvg(weeks(suppress([40, 3, 45, 50], 10), suppress([30, 31, 2, 33], 10)), options);
    const other = trendChartSvg(weeks(suppress([40, 9, 45, 50], 10), suppress([30, 31, 8, 33], 10)), options);
    assert.equal(one, other);
  });

  it('gives no legend note when nothing is hidden', () => {
    const svg = trendChartSvg(weeks([40, 41]), { k: 10, title: 'Trend' });
    assert.ok(!svg.includes('shaded'));
    assert.equal(groupOf(svg, 'hidden-weeks'), '<g class="hidden-weeks">');
  });

  it('labels weeks every few weeks, always the last, with the month and the year where it starts', () => {
    const svg = trendChartSvg(weeks(Array.from({ length: 30 }, () => 20)), { k: 10, title: 'Trend' });
    const texts = textsOf(groupOf(svg, 'weeks'));
    assert.equal(texts[texts.length - 2], 'W30');
    assert.ok(texts.length / 2 < 30 && texts.length / 2 >= 5, `${texts.length / 2} labels`);
    assert.match(texts[1] ?? '', /^[A-Z][a-z]{2} 2024$/);
  });

  it('escapes the title and stays deterministic', () => {
    const points = weeks([5, 6]);
    const svg = trendChartSvg(points, { k: 1, title: 'A&E <North> "weekly"' });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.ok(svg.includes('<title>A&amp;E &lt;North&gt; &quot;weekly&quot;</title>'));
    assert.equal(svg, trendChartSvg(points, { k: 1, title: 'A&E <North> "weekly"' }));
  });

  it('shows an empty state for no weeks', () => {
    const svg = trendChartSvg([], { k: 10, title: 'Trend', width: 400, height: 200 });
    assert.deepEqual(checkXml(svg).problems, []);
    assert.ok(textsOf(svg).includes('No weeks to show.'));
    assert.match(svg, /viewBox="0 0 400 200"/);
  });
});

describe('the XML check the chart tests rely on', () => {
  it('catches broken markup', () => {
    assert.deepEqual(checkXml('<svg><g><text>a &amp; b</text></g></svg>').problems, []);
    assert.notDeepEqual(checkXml('<svg><g></svg>').problems, []);
    assert.notDeepEqual(checkXml('<svg><text>a & b</text></svg>').problems, []);
    assert.notDeepEqual(checkXml('<svg><text>a < b</text></svg>').problems, []);
    assert.notDeepEqual(checkXml('<svg a="1" a="2"/>').problems, []);
    assert.notDeepEqual(checkXml('<svg a=1/>').problems, []);
    assert.notDeepEqual(checkXml('<svg/><svg/>').problems, []);
  });
});

describe('a chart under a heading of the page', () => {
  it('draws no title of its own but keeps it as the SVG title, and uses the room for the plot', () => {
    const points = weeks([12, 20, 30]);
    const titled = trendChartSvg(points, { k: 1, title: 'Overdoses by week' });
    const headed = trendChartSvg(points, { k: 1, title: 'Overdoses by week', headed: true });
    assert.ok(textsOf(titled).includes('Overdoses by week'));
    assert.ok(!textsOf(headed).includes('Overdoses by week'));
    assert.match(headed, /<title>Overdoses by week<\/title>/);
    const topOf = (svg: string) => Number(elementsOf(svg, 'line').find((l) => l.class === 'axis')?.y1);
    assert.ok(topOf(headed) < topOf(titled), 'the plot starts higher without the title');
  });
});
