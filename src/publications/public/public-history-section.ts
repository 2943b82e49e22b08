import { barChartSvg } from '../charts/bar-chart.js';
import { escapeXml } from '../charts/escape-xml.js';
import { countText, monthText } from '../weekly/report-text.js';
import type { PublicFigures } from './public-figures.js';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** A year as the page names it: the current one says how far it runs ("2024, Jan to Jun, to date"). */
export function yearLabel(year: PublicFigures['years'][number]): string {
  return year.toDate
    ? `${year.year}, ${monthText(year.first)} to ${monthText(year.last)}, to date`
    : year.year;
}

/**
 * The history beyond the weekly trend: a bar per calendar year since the first year with data, and a
 * table of every month (a row per year, a column per month), both exactly the published figures.
 */
export function publicHistorySection(f: PublicFigures): string {
  if (f.years.length === 0) return '';
  const first = f.years[0]?.year ?? '';
  const title = `Suspected overdoses by year, ${first} to ${f.years.at(-1)?.year ?? ''}`;
  const bars = barChartSvg(
    f.years.map((y) => ({ key: y.year, label: yearLabel(y), count: y.total })),
    { k: f.k, title, headed: true },
  );
  const byMonth = new Map(f.history.map((m) => [m.month, m.count]));
  const head = MONTHS.map((m) => `<th scope="col" class="n">${monthText(`2000-${m}-01`)}</th>`).join('');
  const rows = f.years
    .map((y) => {
      const cells = MONTHS.map((m) => {
        const month = `${y.year}-${m}`;
        return `<td class="n">${byMonth.has(month) ? escapeXml(countText(byMonth.get(month) ?? null)) : ''}</td>`;
      }).join('');
      return `<tr><th scope="row">${escapeXml(y.year)}</th>${cells}<td class="n">${escapeXml(countText(y.total))}</td></tr>`;
    })
    .join('');
  const monthTitle = `Suspected overdoses by month, ${first} to ${f.history.at(-1)?.month ?? ''}`;
  return `<h2>By year and month</h2>
<figure><figcaption>${escapeXml(title)}</figcaption>${bars}</figure>
<div class="wide-table"><table id="months-by-year"><caption>${escapeXml(monthTitle)}; a year is the sum of its months, and the current year runs to the last complete month</caption><thead><tr><th scope="col">Year</th>${head}<th scope="col" class="n">Year</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
