/**
 * A choropleth of the report's areas: five classes of the shown values in one hue from light to
 * dark, zero in white, suppressed areas hatched (never coloured, so no class hints at their value),
 * and, on a rate map, unreliable rates outlined with dots.
 */
import { countText, groupDigits, hiddenCountWords, rateText } from '../weekly/report-text.js';
import type { ReportArea } from '../weekly/weekly-report.js';
import {
  areaOutline,
  ink,
  labelSize,
  mutedInk,
  noDataFill,
  sequentialPalette,
  smallSize,
  zeroFill,
} from './chart-style.js';
import { classOf, type MapClass, mapClasses } from './map-classes.js';
import { fittedPaths, geometryPolygons } from './map-projection.js';
import {
  type ChartTitleOptions,
  chartTitle,
  documentId,
  emptyChart,
  hatchPattern,
  px,
  svgDocument,
  svgText,
} from './svg-document.js';

export interface AreaMapOptions extends ChartTitleOptions {
  k: number;
  title: string;
  width?: number;
  height?: number;
  measure?: 'count' | 'rate';
}

const pad = 8;
const legendWidth = 180;
const unreliableDash = 'stroke-dasharray="1.5 2"';

/** What one area shows: a class, zero, hidden, or (rate maps) no rate for want of a population. */
type AreaMark =
  | { kind: 'class'; index: number }
  | { kind: 'zero' }
  | { kind: 'hidden' }
  | { kind: 'no-data' };

export function areaMapSvg(areas: ReportArea[], options: AreaMapOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  const { k, title } = options;
  const hatchId = documentId('sos-map-hatch', title);
  const measure = options.measure ?? 'count';
  if (areas.length === 0) return emptyChart(width, height, title, 'No areas to map.', options);
  const polygons = areas.map((area) => geometryPolygons(area.geometry));
  if (polygons.every((list) => list.length === 0))
    return emptyChart(width, height, title, 'No area outlines to draw.', options);
  const heading = chartTitle(title, options);

  const values = areas.map((area) => shownValue(area, measure));
  const classes = mapClasses(values.filter((value) => value !== null));
  const marks = values.map((value, i): AreaMark => {
    if (areas[i]?.count === null) return { kind: 'hidden' };
    if (value === null) return { kind: 'no-data' };
    return value > 0 ? { kind: 'class', index: classOf(value, classes) } : { kind: 'zero' };
  });
  const unreliable = areas.map(
    (area) => measure === 'rate' && area.count !== null && area.rate != null && area.rateUnreliable === true,
  );

  const mapBox = {
    left: pad,
    top: heading.height,
    width: width - legendWidth - 2 * pad,
    height: height - heading.height - pad,
  };
  const paths = fittedPaths(polygons, mapBox);
  const fills = paths
    .map((d, i) =>
      d
        ? `<path d="${d}" fill="${fillOf(marks[i] ?? { kind: 'no-data' }, hatchId)}" fill-rule="evenodd" stroke="${areaOutline}" stroke-width="0.6"/>`
        : '',
    )
    .join('');
  // Dotted outlines go on top, so a neighbour's solid outline never covers them.
  const dotted = paths
    .map((d, i) =>
      d && unreliable[i]
        ? `<path d="${d}" fill="none" stroke="${ink}" stroke-width="1.3" ${unreliableDash}/>`
        : '',
    )
    .join('');

  const legend = mapLegend(classes, marks, unreliable.some(Boolean), {
    measure,
    left: width - legendWidth,
    top: heading.height,
    hatchId,
  });
  return svgDocument({
    width,
    height,
    title,
    desc: mapDescription(areas, measure, k),
    defs: marks.some((mark) => mark.kind === 'hidden') ? hatchPattern(hatchId) : '',
    body: [heading.svg, `<g class="areas">${fills}</g>`, `<g class="unreliable">${dotted}</g>`, legend].join(
      '',
    ),
  });
}

/** The area's value on this map; null when there is none to show. A hidden count hides its rate too. */
function shownValue(area: ReportArea, measure: 'count' | 'rate'): number | null {
  if (area.count === null) return null;
  return measure === 'rate' ? (area.rate ?? null) : area.count;
}

function fillOf(mark: AreaMark, hatchId: string): string {
  switch (mark.kind) {
    case 'class':
      return sequentialPalette[Math.min(mark.index, sequentialPalette.length - 1)] ?? ink;
    case 'zero':
      return zeroFill;
    case 'hidden':
      return `url(#${hatchId})`;
    case 'no-data':
      return noDataFill;
  }
}

function mapLegend(
  classes: MapClass[],
  marks: AreaMark[],
  anyUnreliable: boolean,
  options: { measure: 'count' | 'rate'; left: number; top: number; hatchId: string },
): string {
  const valueText = (value: number) => (options.measure === 'rate' ? rateText(value) : groupDigits(value));
  const entries: { swatch: string; lines: string[] }[] = classes.map((entry, i) => ({
    swatch: swatch(sequentialPalette[i] ?? ''),
    lines: [
      entry.low === entry.high ? valueText(entry.low) : `${valueText(entry.low)} – ${valueText(entry.high)}`,
    ],
  }));
  if (marks.some((mark) => mark.kind === 'zero')) entries.push({ swatch: swatch(zeroFill), lines: ['0'] });
  if (marks.some((mark) => mark.kind === 'no-data')) {
    entries.push({ swatch: swatch(noDataFill), lines: ['no rate (no population)'] });
  }
  if (marks.some((mark) => mark.kind === 'hidden')) {
    entries.push({ swatch: swatch(`url(#${options.hatchId})`), lines: ['hidden', '(see the notes)'] });
  }
  if (anyUnreliable) {
    entries.push({
      swatch: `<rect x="0" y="0" width="18" height="12" fill="none" stroke="${ink}" stroke-width="1.3" ${unreliableDash}/>`,
      lines: ['rate unreliable', '(fewer than 20 events)'],
    });
  }
  const parts = [
    svgText(options.measure === 'rate' ? 'Rate per 100,000' : 'Overdoses', options.left, options.top + 16, {
      size: labelSize,
      bold: true,
    }),
  ];
  let y = options.top + 26;
  for (const entry of entries) {
    parts.push(`<g transform="translate(${px(options.left)} ${px(y)})">${entry.swatch}</g>`);
    entry.lines.forEach((line, i) => {
      parts.push(
        svgText(line, options.left + 26, y + 10 + i * 12, {
          size: i === 0 ? labelSize : smallSize,
          fill: i ? mutedInk : ink,
        }),
      );
    });
    y += 8 + entry.lines.length * 12;
  }
  return `<g class="legend">${parts.join('')}</g>`;
}

function swatch(fill: string): string {
  return `<rect x="0" y="0" width="18" height="12" fill="${fill}" stroke="${areaOutline}" stroke-width="0.6"/>`;
}

/** The map in words, area by area. */
function mapDescription(areas: ReportArea[], measure: 'count' | 'rate', k: number): string {
  const said = areas.map((area) => {
    if (area.count === null) return `${area.label}: ${hiddenCountWords(k)}`;
    const count = `${countText(area.count)} overdose${area.count === 1 ? '' : 's'}`;
    if (measure === 'count') return `${area.label}: ${count}`;
    if (area.rate == null) return `${area.label}: ${count}, no rate`;
    return `${area.label}: ${rateText(area.rate)} per 100,000 (${count})${area.rateUnreliable ? ', rate unreliable' : ''}`;
  });
  return `${measure === 'rate' ? 'Rate per 100,000' : 'Overdoses'} by area. ${said.join('; ')}.`;
}
