import { trendChartSvg } from '../charts/trend-chart.js';
import { countText, dayRangeText, groupDigits } from '../weekly/report-text.js';
import type { BriefDocument } from './brief-document.js';
import { hourText, WEEKDAYS } from './hour-of-week.js';
import type { Figure, PublicSafetyBrief } from './public-safety-brief.js';
import { briefNotes, sharePercent } from './public-safety-brief-presenter.js';

/** "12 of 140 (8.6%)": a share always with its denominator. */
export function shareText(count: Figure, of: Figure): string {
  const percent = sharePercent(count, of);
  return `${countText(count)} of ${countText(of)}${percent === null ? '' : ` (${percent.toFixed(1)}%)`}`;
}

/** The period as a reader writes it: "12 weeks, 2024-W01 to 2024-W12 (Dec 31, 2023 – Mar 23, 2024)". */
export function periodText(brief: Pick<PublicSafetyBrief, 'period'>): string {
  const { weeks, from, to } = brief.period;
  return `${weeks.length} week${weeks.length === 1 ? '' : 's'}, ${weeks[0]?.label} to ${weeks.at(-1)?.label} (${dayRangeText(from, to)})`;
}

/** The area's name as a title says it. */
export function areaTitle(brief: Pick<PublicSafetyBrief, 'area' | 'jurisdiction'>): string {
  return brief.area.id === null
    ? brief.jurisdiction.name
    : `${brief.area.name} (${brief.area.layerName ?? brief.area.layerId}), ${brief.jurisdiction.name}`;
}

/** The public safety brief as a printable document (partners: not for public release). */
export function publicSafetyBriefDocument(brief: PublicSafetyBrief): BriefDocument {
  const hours = Array.from({ length: 24 }, (_, h) => hourText(h).slice(0, 2));
  const heatRows = WEEKDAYS.map((weekday, d) => ({
    cells: [
      weekday.slice(0, 3),
      ...(brief.heatMap.hours[d] ?? []).map(countText),
      countText(brief.heatMap.noTimeOfDay[d] ?? null),
      countText(brief.heatMap.weekdayTotals[d] ?? null),
    ],
  }));
  const hot = brief.cells.filter((c) => c.hot);
  const of = brief.total;
  return {
    title: `Public safety brief: ${areaTitle(brief)}`,
    subtitle: periodText(brief),
    audience: 'Partners (public safety, harm reduction): not for public release',
    sections: [
      {
        heading: 'Overdoses',
        paragraphs: [
          `${countText(brief.total)} suspected overdoses: ${countText(brief.outcome.fatal)} fatal, ${countText(brief.outcome.nonfatal)} non-fatal, ${countText(brief.outcome.unknown)} with the outcome not known.`,
        ],
      },
      {
        heading: 'When: day of the week by hour of day',
        paragraphs: [
          `Local hours (${brief.jurisdiction.timeZone}). "No time" counts the overdoses reported with a date only: ${countText(brief.heatMap.noTimeOfDayTotal)}.`,
        ],
        table: {
          title: 'Overdoses by day of the week and hour',
          columns: [
            { header: 'Day', share: 0.06 },
            ...hours.map((h) => ({ header: h, share: 0.032, align: 'right' as const })),
            { header: 'No time', share: 0.07, align: 'right' as const },
            { header: 'Total', share: 0.06, align: 'right' as const },
          ],
          rows: [
            ...heatRows,
            {
              cells: [
                'Total',
                ...brief.heatMap.hourTotals.map(countText),
                countText(brief.heatMap.noTimeOfDayTotal),
                countText(brief.total),
              ],
              bold: true,
            },
          ],
          shade: brief.heatMap.hours.map((row) => [...row, null, null]),
        },
      },
      {
        heading: 'Trend against the same weeks a year before',
        paragraphs: [brief.trend.sentence],
        svg: (width, height) =>
          trendChartSvg(
            brief.trend.weeks.map((w) => ({
              week: w.week,
              first: w.first,
              count: w.count,
              lastYear: w.lastYearCount,
            })),
            { k: Math.max(brief.k, 1), title: 'Overdoses by week', width, height },
          ),
        table: {
          title: 'Overdoses by week',
          columns: [
            { header: 'Week', share: 0.4 },
            { header: 'These weeks', share: 0.3, align: 'right' },
            { header: 'A year before', share: 0.3, align: 'right' },
          ],
          rows: [
            ...brief.trend.weeks.map((w) => ({
              cells: [`${w.week} (${w.lastYearWeek})`, countText(w.count), countText(w.lastYearCount)],
            })),
            {
              cells: ['Total', countText(brief.trend.total), countText(brief.trend.lastYearTotal)],
              bold: true,
            },
          ],
        },
      },
      {
        heading: 'Hot spots in the area',
        paragraphs: [
          brief.tooFewToTest
            ? 'Too few overdoses over the period to call any place a hot spot.'
            : hot.length === 0
              ? 'No cell of the area is a hot spot over the period.'
              : `${hot.length} cell${hot.length === 1 ? '' : 's'} of about 5 km² ${hot.length === 1 ? 'is a hot spot' : 'are hot spots'} (Getis-Ord Gi*, false discovery rate 5%).`,
        ],
        items: hot.map(
          (c) =>
            `${c.name ?? 'Cell'} (${c.cell}): ${countText(c.count)} overdoses here${c.fewOfItsOwn ? ', hot because of its neighbours' : ''}`,
        ),
      },
      {
        heading: 'Suggested focus areas',
        paragraphs: [
          `Ranked by overdoses; each share is of the ${countText(of)} overdoses in the area over the period.`,
        ],
        table: {
          title:
            'Places (H3 cells of about 5 km²) and time windows (day and three hours) with the most overdoses',
          columns: [
            { header: '#', share: 0.06, align: 'right' },
            { header: 'Place', share: 0.47 },
            { header: 'Overdoses (share)', share: 0.47, align: 'right' },
          ],
          rows: [
            ...brief.cells.slice(0, 5).map((c, i) => ({
              cells: [
                String(i + 1),
                `${c.name ?? 'Cell'} ${c.cell}${c.hot ? ' (hot spot)' : ''}`,
                shareText(c.count, of),
              ],
            })),
            ...brief.focusWindows.map((w, i) => ({
              cells: [String(i + 1), w.label, shareText(w.count, of)],
            })),
          ],
          footnote:
            brief.cells.length === 0
              ? 'No overdose of the area has an exact point, so no place is ranked.'
              : `Places hold only overdoses with an exact point (${groupDigits(brief.cells.reduce((n, c) => n + (c.count ?? 0), 0))} of them).`,
        },
      },
    ],
    notes: briefNotes(brief),
    onePage: false,
    generatedAt: brief.generatedAt,
  };
}
