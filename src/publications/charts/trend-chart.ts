/**
 * The weekly trend: this year's counts as a line with dots, the same weeks a year before as a dashed
 * grey line. A suppressed week (null) gets no dot: a hatched band from 1 to k−1 marks it as hidden
 * (where its count may lie, or more when hidden to protect another), and a dotted line carries this
 * year's line across it, so a hidden week reads neither as zero nor as a gap in the data.
 */
import { addDays } from '../../platform/calendar-days.js';
import { countText, hiddenCountWords, monthText, shortWeekText } from '../weekly/report-text.js';
import type { ReportFigure, TrendPoint } from '../weekly/weekly-report.js';
import { legendRows } from './chart-legend.js';
import {
  axisLine,
  comparisonColour,
  gridLine,
  hiddenBand,
  mutedInk,
  seriesColour,
  smallSize,
} from './chart-style.js';
import { niceTicks } from './nice-ticks.js';
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

export interface TrendChartOptions extends ChartTitleOptions {
  k: number;
  title: string;
  width?: number;
  height?: number;
}

const pad = 8;
/** Room for two lines of week labels under the plot. */
const xLabelsHeight = 30;

export function trendChartSvg(points: TrendPoint[], options: TrendChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const { k, title } = options;
  if (points.length === 0) return emptyChart(width, height, title, 'No weeks to show.', options);
  const heading = chartTitle(title, options);

  const anyHidden = points.some((point) => point.count === null);
  const hatchId = documentId('sos-trend-hatch', title);
  const shown = points.flatMap((point) => [point.count, point.lastYear]).filter((v) => v !== null);
  // The axis reaches k − 1 when a week is hidden, so its band fits; hidden values play no part.
  const ticks = niceTicks(Math.max(0, ...shown, anyHidden ? k - 1 : 0), { minStep: 1 });
  const axisMax = ticks[ticks.length - 1] ?? 1;

  const legend = legendRows(
    [
      { sample: lineSample(seriesColour, false), label: 'Weekly overdoses' },
      { sample: lineSample(comparisonColour, true), label: 'Same week last year' },
      ...(anyHidden
        ? [
            {
              sample: `<rect x="4" y="1" width="16" height="10" fill="url(#${hatchId})" stroke="${hiddenBand}"/>`,
              label: 'hatched: hidden week (see the notes)',
            },
            {
              sample: `<line x1="0" y1="6" x2="24" y2="6" stroke="${seriesColour}" stroke-width="1.5" stroke-dasharray="${acrossDash}"/>`,
              label: 'dotted: the line across hidden weeks',
            },
          ]
        : []),
    ],
    { left: pad, top: heading.height, right: width - pad },
  );
  const left = pad + Math.max(...ticks.map((tick) => textWidth(String(tick), smallSize))) + 8;
  const right = width - pad - 4;
  const top = heading.height + legend.height + 10;
  const bottom = height - xLabelsHeight;
  const step = (right - left) / points.length;
  const xOf = (i: number) => left + (i + 0.5) * step;
  const yOf = (value: number) => bottom - (value / axisMax) * (bottom - top);

  const grid = ticks
    .map(
      (tick) =>
        `<line x1="${px(left)}" y1="${px(yOf(tick))}" x2="${px(right)}" y2="${px(yOf(tick))}" stroke="${gridLine}" stroke-width="1"/>` +
        svgText(String(tick), left - 6, yOf(tick) + 3.5, { size: smallSize, anchor: 'end', fill: mutedInk }),
    )
    .join('');
  const axis = `<line class="axis" x1="${px(left)}" y1="${px(top)}" x2="${px(left)}" y2="${px(bottom)}" stroke="${axisLine}" stroke-width="1"/>`;

  const bandTop = yOf(Math.max(1, k - 1));
  const bandBottom = yOf(1);
  const bands =
    k > 1
      ? points
          .map((point, i) =>
            point.count === null
              ? `<rect x="${px(xOf(i) - step * 0.4)}" y="${px(bandTop - 1)}" width="${px(step * 0.8)}" height="${px(bandBottom - bandTop + 2)}" fill="url(#${hatchId})" stroke="${hiddenBand}"/>`
              : '',
          )
          .join('')
      : '';

  const lastYear = brokenLine(
    points.map((point) => point.lastYear),
    xOf,
    yOf,
  );
  const thisYear = brokenLine(
    points.map((point) => point.count),
    xOf,
    yOf,
  );
  const across = acrossHidden(
    points.map((point) => point.count),
    xOf,
    yOf,
  );
  const dots = points
    .map((point, i) =>
      point.count === null
        ? ''
        : `<circle cx="${px(xOf(i))}" cy="${px(yOf(point.count))}" r="3" fill="${seriesColour}"/>`,
    )
    .join('');
  const lonePast = lastYear.lone
    .map(
      (i) =>
        `<circle cx="${px(xOf(i))}" cy="${px(yOf(points[i]?.lastYear ?? 0))}" r="2" fill="${comparisonColour}"/>`,
    )
    .join('');

  const body = [
    heading.svg,
    legend.svg,
    `<g class="grid">${grid}</g>`,
    `<g class="hidden-weeks">${bands}</g>`,
    axis,
    `<g class="last-year"><path d="${lastYear.d}" fill="none" stroke="${comparisonColour}" stroke-width="1.5" stroke-dasharray="5 3"/>${lonePast}</g>`,
    `<g class="across-hidden"><path d="${across}" fill="none" stroke="${seriesColour}" stroke-width="1.5" stroke-dasharray="${acrossDash}"/></g>`,
    `<g class="this-year"><path d="${thisYear.d}" fill="none" stroke="${seriesColour}" stroke-width="2"/>${dots}</g>`,
    `<g class="weeks">${weekLabels(points, xOf, bottom, right - left)}</g>`,
  ].join('');
  return svgDocument({
    width,
    height,
    title,
    desc: trendDescription(points, k),
    defs: anyHidden && k > 1 ? hatchPattern(hatchId) : '',
    body,
  });
}

/** The dots of the line drawn across hidden weeks. */
const acrossDash = '1.5 3';

/**
 * Dotted segments joining the shown weeks on either side of each run of hidden weeks: the line is
 * seen to go on, while the hatched band (not the segment) stands for the hidden weeks themselves.
 */
function acrossHidden(
  values: ReportFigure[],
  xOf: (i: number) => number,
  yOf: (value: number) => number,
): string {
  const segments: string[] = [];
  let lastShown = -1;
  values.forEach((value, i) => {
    if (value === null) return;
    const before = lastShown >= 0 ? values[lastShown] : null;
    if (before !== null && before !== undefined && i - lastShown > 1) {
      segments.push(`M${px(xOf(lastShown))} ${px(yOf(before))}L${px(xOf(i))} ${px(yOf(value))}`);
    }
    lastShown = i;
  });
  return segments.join('');
}

/** A path through the shown values, lifting the pen at every hidden one; and the points left alone. */
function brokenLine(
  values: ReportFigure[],
  xOf: (i: number) => number,
  yOf: (value: number) => number,
): { d: string; lone: number[] } {
  const commands: string[] = [];
  const lone: number[] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    const joined = i > 0 && values[i - 1] !== null;
    commands.push(`${joined ? 'L' : 'M'}${px(xOf(i))} ${px(yOf(value))}`);
    const before = i > 0 ? values[i - 1] : null;
    const after = i + 1 < values.length ? values[i + 1] : null;
    if ((before === null || before === undefined) && (after === null || after === undefined)) lone.push(i);
  });
  return { d: commands.join(''), lone };
}

/**
 * Week numbers under the plot, every few weeks so they do not collide, counted back from the last
 * week so the report's own week is always labelled; the month below (of the week's Wednesday, which
 * always lies in the week's MMWR year), with the year where it first appears.
 */
function weekLabels(
  points: TrendPoint[],
  xOf: (i: number) => number,
  bottom: number,
  plotWidth: number,
): string {
  const stride = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(plotWidth / 52))));
  let lastYear = '';
  const labels: string[] = [];
  points.forEach((point, i) => {
    if ((points.length - 1 - i) % stride !== 0) return;
    const middle = addDays(point.first, 3);
    const year = middle.slice(0, 4);
    const month = `${monthText(middle)}${year !== lastYear ? ` ${year}` : ''}`;
    lastYear = year;
    labels.push(
      `<line x1="${px(xOf(i))}" y1="${px(bottom)}" x2="${px(xOf(i))}" y2="${px(bottom + 4)}" stroke="${axisLine}" stroke-width="1"/>`,
      svgText(shortWeekText(point.week), xOf(i), bottom + 15, { size: smallSize, anchor: 'middle' }),
      svgText(month, xOf(i), bottom + 27, { size: smallSize, anchor: 'middle', fill: mutedInk }),
    );
  });
  return labels.join('');
}

/** The chart in words: every week's count, then last year's, hidden ones said as such. */
function trendDescription(points: TrendPoint[], k: number): string {
  const first = points[0];
  const last = points[points.length - 1];
  const said = (figure: ReportFigure) => (figure === null ? hiddenCountWords(k) : countText(figure));
  return [
    `Weekly overdoses from ${first?.week} to ${last?.week}.`,
    `This year: ${points.map((point) => `${shortWeekText(point.week)} ${said(point.count)}`).join(', ')}.`,
    `Same week last year: ${points.map((point) => `${shortWeekText(point.week)} ${said(point.lastYear)}`).join(', ')}.`,
  ].join(' ');
}

function lineSample(colour: string, dashed: boolean): string {
  const dash = dashed ? ' stroke-dasharray="5 3"' : '';
  const dot = dashed ? '' : `<circle cx="12" cy="6" r="3" fill="${colour}"/>`;
  return `<line x1="0" y1="6" x2="24" y2="6" stroke="${colour}" stroke-width="${dashed ? 1.5 : 2}"${dash}/>${dot}`;
}
