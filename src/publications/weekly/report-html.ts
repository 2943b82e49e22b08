import { areaMapSvg } from '../charts/area-map.js';
import { barChartSvg } from '../charts/bar-chart.js';
import { escapeXml } from '../charts/escape-xml.js';
import { trendChartSvg } from '../charts/trend-chart.js';
import { naloxoneSectionHtml } from './naloxone-coverage-section.js';
import { audienceText, changeText, countText, dayRangeText, groupDigits, rateText } from './report-text.js';
import type { WeeklyReport } from './weekly-report.js';

const STYLE = `
  @page { size: Letter; margin: 14mm 12mm; }
  * { box-sizing: border-box; }
  body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0; font-size: 10.5pt; line-height: 1.35; }
  main { max-width: 190mm; margin: 0 auto; padding: 6mm 0; }
  header { border-bottom: 2px solid #1d3557; margin-bottom: 4mm; padding-bottom: 2mm; }
  h1 { font-size: 18pt; margin: 0; color: #1d3557; }
  h2 { font-size: 12.5pt; margin: 5mm 0 2mm; color: #1d3557; break-after: avoid; }
  .meta { color: #444; margin: 1mm 0 0; }
  .audience { display: inline-block; border: 1px solid #1d3557; padding: 0 2mm; border-radius: 2px; font-weight: 600; }
  .headline { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin: 3mm 0; }
  .headline div { border: 1px solid #ccd; padding: 2mm; border-radius: 2px; }
  .headline .value { font-size: 17pt; font-weight: 700; display: block; }
  .headline .label { color: #444; font-size: 9pt; }
  table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9.5pt; }
  th, td { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #dde; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
  /* Only small blocks keep together: a section holding a map and a long table may start on page 1
     and flow on, instead of leaving the rest of the page blank. */
  .grid section, .headline, .charted { break-inside: avoid; }
  .beside { display: grid; grid-template-columns: 1fr 1.3fr; gap: 4mm; align-items: start; }
  figure { margin: 0; break-inside: avoid; }
  tr { break-inside: avoid; }
  /* Sized so that the title, the figures, the trend and the map fill page 1 of a Letter page. */
  .trend svg { max-height: 72mm; }
  .map svg { max-height: 88mm; }
  svg { max-width: 100%; height: auto; }
  .notes { color: #333; font-size: 8.5pt; border-top: 1px solid #ccd; margin-top: 4mm; padding-top: 2mm; }
  /* The public announcement is one page: smaller charts, the map beside the groups, tight tables. */
  .public main { padding: 0; }
  .public h1 { font-size: 15pt; }
  .public .meta { font-size: 8pt; }
  .public header { margin-bottom: 2mm; }
  .public .headline div { padding: 1.2mm 2mm; }
  .public .headline .value { font-size: 14pt; }
  .public h2 { margin: 2.5mm 0 1mm; font-size: 11pt; }
  .public .headline { margin: 1mm 0; }
  .public .trend svg { max-height: 40mm; }
  .public .side { display: grid; grid-template-columns: 1.15fr 1fr; gap: 3mm; align-items: start; }
  .public .side svg { max-height: 56mm; }
  .public table { font-size: 8pt; margin: 0 0 1.5mm; }
  .public th, .public td { padding: 0.2mm 1mm; }
  .public .notes { font-size: 7pt; margin-top: 1.5mm; padding-top: 1mm; }
  .public .notes p { margin: 0.6mm 0; }
  .pairs { columns: 2; column-gap: 4mm; font-size: 8pt; margin: 0; }
  .pairs div { display: flex; justify-content: space-between; border-bottom: 1px solid #dde; break-inside: avoid; }
  .pairs dt, .pairs dd { margin: 0; }
`;

function headline(report: WeeklyReport): string {
  const { headline: h } = report;
  const box = (value: string, label: string) =>
    `<div><span class="value">${escapeXml(value)}</span><span class="label">${escapeXml(label)}</span></div>`;
  return `<section class="headline" aria-label="This week in figures">
    ${box(countText(h.total), `overdoses in week ${report.week.label}`)}
    ${box(changeText(h.changeVsPreviousFourWeeks), `against the weekly mean of the 4 weeks before (${countText(h.previousFourWeeks)} in all)`)}
    ${box(changeText(h.changeVsLastYear), `against the same week last year (${countText(h.sameWeekLastYear)})`)}
    ${h.fatal === undefined ? '' : box(countText(h.fatal), 'fatal')}
  </section>`;
}

function breakdownTable(breakdown: WeeklyReport['breakdowns'][number], k?: number): string {
  const rows = breakdown.rows
    .map(
      (row) =>
        `<tr><td>${escapeXml(row.label)}</td><td class="n">${escapeXml(countText(row.count))}</td></tr>`,
    )
    .join('');
  const total =
    breakdown.total === null
      ? ''
      : `<tfoot><tr><th>Total</th><td class="n">${escapeXml(countText(breakdown.total))}</td></tr></tfoot>`;
  const table = `<table><thead><tr><th>${escapeXml(breakdown.title.split(' (')[0] ?? '')}</th><th class="n">Overdoses</th></tr></thead><tbody>${rows}</tbody>${total}</table>`;
  // With a chart, the table and its bars sit side by side under the one heading.
  if (k === undefined) return `<section><h2>${escapeXml(breakdown.title)}</h2>${table}</section>`;
  // Drawn narrow, as it fills half the page width, so its labels print at the tables' size.
  const chart = barChartSvg(breakdown.rows, { k, title: breakdown.title, headed: true, width: 400 });
  return `<section class="charted"><h2>${escapeXml(breakdown.title)}</h2><div class="beside">${table}<figure>${chart}</figure></div></section>`;
}

/** A breakdown as label–count pairs in two columns, its zero rows left out (a one-page report's substances). */
function compactList(breakdown: WeeklyReport['breakdowns'][number]): string {
  const pairs = breakdown.rows
    .filter((row) => row.count !== 0)
    .map((row) => `<div><dt>${escapeXml(row.label)}</dt><dd>${escapeXml(countText(row.count))}</dd></div>`)
    .join('');
  return `<section><h2>${escapeXml(breakdown.title)}</h2><dl class="pairs">${pairs}</dl></section>`;
}

function mapSection(report: WeeklyReport): string {
  const map = report.map;
  if (!map) return '';
  const title = `Overdoses by ${map.layerName.toLowerCase()}, ${map.period.label}`;
  const rows = map.areas
    .filter((area) => area.count !== 0)
    .map((area) => {
      const rate = rateText(area.rate, area.rateUnreliable);
      const members =
        area.members && area.members.length > 1
          ? ` <small>(${escapeXml(area.members.join(', '))})</small>`
          : '';
      return `<tr><td>${escapeXml(area.label)}${members}</td><td class="n">${escapeXml(countText(area.count))}</td><td class="n">${rate}</td></tr>`;
    })
    .join('');
  const table =
    report.audience === 'public'
      ? ''
      : `<table><thead><tr><th>Area</th><th class="n">Overdoses</th><th class="n">Per 100,000</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No overdoses placed in an area.</td></tr>'}</tbody></table>`;
  const floor =
    map.minPopulation && report.audience !== 'public'
      ? `<p class="meta">Areas of fewer than ${groupDigits(map.minPopulation)} residents are merged with neighbours.</p>`
      : '';
  return `<section class="map"><h2>${escapeXml(title)}</h2><figure>${areaMapSvg(map.areas, { k: report.k, title, measure: 'count', headed: true })}</figure>${floor}${table}</section>`;
}

function alertsSection(report: WeeklyReport): string {
  if (!report.alerts) return '';
  if (report.alerts.length === 0)
    return '<section><h2>Alerts this week</h2><p>No alert was raised this week.</p></section>';
  const items = report.alerts
    .map((alert) => {
      const responses = alert.responses.length
        ? `<ul>${alert.responses.map((r) => `<li>${escapeXml(r.at)} — ${escapeXml(r.by)}: ${escapeXml(r.action)}${r.note ? ` (${escapeXml(r.note)})` : ''}</li>`).join('')}</ul>`
        : '<p>No response logged.</p>';
      return `<li><strong>${escapeXml(alert.ruleName)}</strong>, ${escapeXml(alert.placeName)}: ${escapeXml(countText(alert.count))} overdoses, ${escapeXml(alert.windowStart)} to ${escapeXml(alert.windowEnd)}; status ${escapeXml(alert.status)}.${responses}</li>`;
    })
    .join('');
  return `<section><h2>Alerts this week and the responses taken</h2><ul>${items}</ul></section>`;
}

/** The report as one self-contained HTML page (inline style and SVG), printable to PDF as it is. */
export function renderWeeklyReportHtml(report: WeeklyReport): string {
  const title = `Weekly overdose report ${report.week.label} — ${report.jurisdiction.name}`;
  const trendTitle = `Overdoses by week, the last ${report.trend.length} weeks, and the same weeks last year`;
  // Substances are also drawn as bars; the other breakdowns are tables only.
  const breakdowns = report.breakdowns
    .filter((b) => b.dimension !== 'substance')
    .map((b) => breakdownTable(b));
  const charted = report.breakdowns
    .filter((b) => b.dimension === 'substance')
    .map((b) => breakdownTable(b, report.k));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${STYLE}</style></head>
<body class="${report.audience}"><main>
<header><h1>${escapeXml(report.jurisdiction.name)}: weekly overdose report</h1>
<p class="meta">Week ${escapeXml(report.week.label)}, ${escapeXml(dayRangeText(report.week.first, report.week.last))} · <span class="audience">${escapeXml(audienceText(report.audience))}</span> · made ${escapeXml(report.generatedAt)}</p></header>
${headline(report)}
<section class="trend"><h2>${escapeXml(trendTitle)}</h2><figure>${trendChartSvg(report.trend, { k: report.k, title: trendTitle, headed: true })}</figure></section>
${
  report.audience === 'public'
    ? `<div class="side"><div>${mapSection(report)}${report.breakdowns
        .filter((b) => b.dimension === 'substance')
        .map(compactList)
        .join('')}</div><div>${report.breakdowns
        .filter((b) => b.dimension !== 'substance')
        .map((b) => breakdownTable(b))
        .join('\n')}</div></div>`
    : `${mapSection(report)}\n<div class="grid">${breakdowns.join('\n')}</div>\n${charted.join('\n')}`
}
${alertsSection(report)}
${naloxoneSectionHtml(report)}
<footer class="notes">${report.notes.map((note) => `<p>${escapeXml(note)}</p>`).join('')}</footer>
</main></body></html>`;
}
