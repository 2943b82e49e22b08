/**
 * A breakdown as horizontal bars, each with its label and its count. A suppressed row gets a hatched
 * stub of one fixed width and the text "hidden": its length says so, never how much.
 */
import { countText, HIDDEN_COUNT, hiddenCountWords } from '../weekly/report-text.js';
import type { ReportRow } from '../weekly/weekly-report.js';
import { legendRows } from './chart-legend.js';
import { labelSize, mutedInk, seriesColour } from './chart-style.js';
import {
  type ChartTitleOptions,
  chartTitle,
  documentId,
  emptyChart,
  hatchPattern,
  px,
  svgDocument,
  svgText,
  textWidth,
} from './svg-document.js';

export interface BarChartOptions extends ChartTitleOptions {
  k: number;
  title: string;
  width?: number;
}

const pad = 8;
const rowHeight = 22;
const barHeight = 14;
/** The suppressed stub: short enough never to pass for a count, the same for every hidden row. */
export const hiddenStubWidth = 12;
/** Labels longer than this are cut, with an ellipsis, so bars keep most of the width. */
const longestLabel = 28;

export function barChartSvg(rows: ReportRow[], options: BarChartOptions): string {
  const width = options.width ?? 640;
  const { k, title } = options;
  const hatchId = documentId('sos-bar-hatch', title);
  if (rows.length === 0) return emptyChart(width, 120, title, 'No figures to show.', options);
  const heading = chartTitle(title, options);

  const labels = rows.map((row) => shortened(row.label));
  const anyHidden = rows.some((row) => row.count === null);
  const shownCounts = rows.map((row) => row.count).filter((count) => count !== null);
  const max = Math.max(0, ...shownCounts);
  const valueWidth = Math.max(
    textWidth(HIDDEN_COUNT, labelSize),
    ...shownCounts.map((c) => textWidth(countText(c), labelSize)),
  );
  const plotLeft = pad + Math.max(...labels.map((label) => textWidth(label, labelSize))) + 10;
  const plotRight = width - pad - valueWidth - 6;
  const plotWidth = Math.max(0, plotRight - plotLeft);
  const top = heading.height + 2;

  const bars = rows.map((row, i) => {
    const y = top + i * rowHeight;
    const label = svgText(labels[i] ?? '', plotLeft - 8, y + 11, { size: labelSize, anchor: 'end' });
    if (row.count === null) {
      return (
        label +
        `<rect x="${px(plotLeft)}" y="${px(y)}" width="${hiddenStubWidth}" height="${barHeight}" fill="url(#${hatchId})" stroke="${mutedInk}" stroke-width="0.8"/>` +
        svgText(HIDDEN_COUNT, plotLeft + hiddenStubWidth + 5, y + 11, { size: labelSize, fill: mutedInk })
      );
    }
    const length = max > 0 ? (row.count / max) * plotWidth : 0;
    const bar =
      length > 0
        ? `<rect x="${px(plotLeft)}" y="${px(y)}" width="${px(length)}" height="${barHeight}" fill="${seriesColour}"/>`
        : '';
    return label + bar + svgText(countText(row.count), plotLeft + length + 5, y + 11, { size: labelSize });
  });

  const axisBottom = top + rows.length * rowHeight - (rowHeight - barHeight);
  const axis = `<line class="axis" x1="${px(plotLeft)}" y1="${px(top - 3)}" x2="${px(plotLeft)}" y2="${px(axisBottom + 3)}" stroke="${mutedInk}" stroke-width="1"/>`;
  const legend = anyHidden
    ? legendRows(
        [
          {
            sample: `<rect x="6" y="0" width="${hiddenStubWidth}" height="12" fill="url(#${hatchId})" stroke="${mutedInk}" stroke-width="0.8"/>`,
            label: 'hatched: hidden (see the notes)',
          },
        ],
        { left: pad, top: axisBottom + 12, right: width - pad },
      )
    : { svg: '', height: 0 };
  const height = axisBottom + (legend.height ? legend.height + 16 : 10);

  return svgDocument({
    width,
    height,
    title,
    desc: rows
      .map((row) => `${row.label}: ${row.count === null ? hiddenCountWords(k) : countText(row.count)}`)
      .join('; '),
    defs: anyHidden ? hatchPattern(hatchId) : '',
    body: [heading.svg, `<g class="bars">${bars.join('')}</g>`, axis, legend.svg].join(''),
  });
}

function shortened(label: string): string {
  return label.length > longestLabel ? `${label.slice(0, longestLabel - 1)}…` : label;
}
