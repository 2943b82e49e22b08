import { TOTAL } from '../disclosure/published-table.js';
import { barChartSvg } from '../publications/charts/bar-chart.js';
import {
  type AnnualSummary,
  breakdownTable,
  decedentDimensions,
  MISSED,
  RECOMMENDATIONS,
  SUBSTANCES,
  summaryFigure,
} from './annual-summary.js';
import { missedOpportunityCategories } from './missed-opportunity-categories.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const words = (code: string) => code.replaceAll('_', ' ');
const DIMENSION_TITLES: Record<(typeof decedentDimensions)[number], string> = {
  age_band: 'Age band',
  sex: 'Sex',
  race: 'Race',
  ethnicity: 'Ethnicity',
};

/**
 * The annual summary as a self-contained HTML page (inline style and SVG charts, nothing loaded), the
 * source of its PDF: reviews held, missed opportunities by category, recommendations by status, the
 * decedents by age band, sex, race, ethnicity and substance. A hidden figure reads "<k" and is a hatched
 * stub on a chart. Nothing identifies anyone; the only date is the year.
 */
export function annualSummaryHtml(summary: AnnualSummary, jurisdictionName: string): string {
  const show = (value: number | null | undefined) =>
    value === null ? `&lt;${summary.k}` : value === undefined ? '–' : String(value);
  const label = new Map<string, string>(missedOpportunityCategories.map((c) => [c.code, c.label]));
  const section = (title: string, table: string, column: string, rowLabel: (row: string) => string) => {
    const t = summary.tables.find((x) => x.name === table);
    if (!t) return `<section><h2>${escapeHtml(title)}</h2><p>No reviews held this year.</p></section>`;
    const rows = t.rows.map((row) => ({
      key: row,
      label: rowLabel(row),
      count: summaryFigure(summary, table, row, column) ?? null,
    }));
    const total = summaryFigure(summary, table, TOTAL, column);
    const body = rows
      .map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${show(r.count)}</td></tr>`)
      .join('');
    const foot =
      total === undefined ? '' : `<tfoot><tr><th scope="row">Total</th><td>${show(total)}</td></tr></tfoot>`;
    return `<section><h2>${escapeHtml(title)}</h2>${barChartSvg(rows, { k: summary.k, title, width: 560 })}
<table><thead><tr><th scope="col"></th><th scope="col">Count</th></tr></thead><tbody>${body}</tbody>${foot}</table></section>`;
  };
  const held = summaryFigure(summary, 'reviews', 'all', 'reviews_held');
  const substances = summary.tables.find((t) => t.name === SUBSTANCES);
  const substanceSection = substances
    ? `<section><h2>Substances involved</h2><p>A decedent may count under several substances; each row adds up to the reviews held.</p>
<table><thead><tr><th scope="col">Substance</th><th scope="col">Decedents with it</th><th scope="col">Without it</th></tr></thead><tbody>${substances.rows
        .map(
          (row) =>
            `<tr><th scope="row">${escapeHtml(words(row))}</th><td>${show(summaryFigure(summary, SUBSTANCES, row, 'decedents_with'))}</td><td>${show(summaryFigure(summary, SUBSTANCES, row, 'decedents_without'))}</td></tr>`,
        )
        .join('')}</tbody></table></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Overdose Fatality Review: ${summary.year} summary</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; max-width: 46rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ccc; text-align: left; }
td { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: 0.9rem; }
@page { size: Letter; margin: 0.6in; }
</style></head><body>
<h1>Overdose Fatality Review: ${summary.year} summary</h1>
<p>${escapeHtml(jurisdictionName)}. Reviews held in ${summary.year}: <strong>${show(held)}</strong>.</p>
<p class="note">De-identified: no names, no dates finer than the year, no words of the reviews' findings. Counts of 1 to ${summary.k - 1} are hidden ("&lt;${summary.k}"), and so is at least one other figure of each row or column they could be worked out from.</p>
${section('Missed opportunities by category', MISSED, 'missed_opportunities', (code) => label.get(code) ?? words(code))}
${section('Recommendations by status', RECOMMENDATIONS, 'recommendations', words)}
${decedentDimensions.map((d) => section(`Decedents by ${DIMENSION_TITLES[d].toLowerCase()}`, breakdownTable(d), 'decedents', words)).join('\n')}
${substanceSection}
</body></html>`;
}
