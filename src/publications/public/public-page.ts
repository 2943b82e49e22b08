import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { areaMapSvg } from '../charts/area-map.js';
import { escapeXml } from '../charts/escape-xml.js';
import { trendChartSvg } from '../charts/trend-chart.js';
import { countText, groupDigits, monthYearText, rateText } from '../weekly/report-text.js';
import { parseReportWeek, sameWeekLastYear } from '../weekly/report-week.js';
import { OPEN_DATA_FILES } from './open-data.js';
import type { PublicFigures } from './public-figures.js';
import { publicHistorySection } from './public-history-section.js';

const STYLE = `
  body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1a1a1a; line-height: 1.4; }
  header { background: #1d3557; color: #fff; padding: 0.8rem 1.2rem; }
  header a { color: #fff; }
  main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
  h1 { margin: 0; font-size: 1.5rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; color: #1d3557; }
  table { border-collapse: collapse; width: 100%; max-width: 48rem; }
  th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #dde; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  svg { max-width: 100%; height: auto; }
  .lead { font-size: 1.1rem; }
  a:focus, select:focus, button:focus { outline: 3px solid #f4a261; outline-offset: 2px; }
  .skip-link { position: absolute; left: -999px; } .skip-link:focus { left: 1rem; top: 1rem; background: #fff; color: #000; padding: 0.5rem; }
  form { margin: 0.5rem 0; } label { margin-right: 0.5rem; }
  figcaption { font-weight: 600; margin: 0 0 0.3rem; overflow-wrap: anywhere; }
  .wide-table { overflow-x: auto; max-width: 100%; }
  .help { border-left: 4px solid #1d3557; padding: 0.2rem 1rem; background: #f3f5f9; }
`;

/** A page of the public dashboard: its header, style and skip link around a body of HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(title)}</title><style>${STYLE}</style></head>
<body><a class="skip-link" href="#main">Skip to content</a><header><h1>${escapeXml(title)}</h1><p>Public overdose figures · <a href="/public">All jurisdictions</a> · <a href="/">Sign in</a></p></header>
<main id="main" tabindex="-1">${body}</main></body></html>`;
}

/** Where to get help, as plain links and numbers: nothing is loaded from another site. */
const HELP = `<section class="help" aria-labelledby="help-title"><h2 id="help-title">Get help</h2><ul>
<li>If you see someone overdosing, call <strong>911</strong> and give naloxone (Narcan) if you have it.</li>
<li>Naloxone: most pharmacies sell it without a prescription; see <a href="https://www.samhsa.gov/substance-use/treatment/overdose-prevention/naloxone">SAMHSA's naloxone page</a>.</li>
<li>Treatment: <a href="https://findtreatment.gov">findtreatment.gov</a>, or the SAMHSA National Helpline, <a href="tel:+18006624357">1-800-662-4357</a> (free, confidential, every day, all hours).</li>
<li>In crisis: call or text <a href="tel:988">988</a>, the 988 Suicide &amp; Crisis Lifeline (<a href="https://988lifeline.org">988lifeline.org</a>).</li>
</ul></section>`;

/**
 * How a jurisdiction's public figures are made: what is counted, how days and weeks are cut, which
 * counts are hidden and why, how areas are merged, and why recent weeks still grow.
 */
export function renderPublicMethodology(jurisdiction: Jurisdiction, f: PublicFigures): string {
  const base = `/public/${encodeURIComponent(jurisdiction.shortName)}`;
  const body = `
<p><a href="${base}">Back to the figures</a></p>
<h2>What is counted</h2>
<p>Each figure counts <strong>suspected overdoses</strong>: one person's suspected overdose at one time and place, fatal or not, of any drug. Records from emergency medical services, police, fire, hospital emergency departments and the medical examiner that describe the same event are linked and count once. A record counts when it meets the jurisdiction's case definition of a suspected drug overdose (by the responder's impression, the naloxone given, or the diagnosis); the substances listed are those the records name, and one overdose may name several.</p>
<h2>Days, weeks and months</h2>
<p>Days are local days in ${escapeXml(jurisdiction.timeZone)}. Weeks are <strong>MMWR weeks</strong>, Sunday to Saturday, numbered as the CDC numbers them (week 1 is the first week with at least four days in the year). Months and years are calendar months and years of local days, so a week that crosses a month's end counts in two months: months do not add up to weeks. A year is the sum of its twelve months; the current year is counted to date, to the end of the last complete month.</p>
<h2>Hidden counts</h2>
<p>Counts from 1 to ${f.k - 1} are shown as <strong>hidden</strong>, so that nobody can be recognised from a small number. Some larger counts are hidden too (<em>complementary suppression</em>): otherwise a hidden count could be worked out by subtracting the shown ones from a total. Every set of figures published together is checked by a program that tries those subtractions before it is published. A zero is shown as 0. A hidden count is never written as "less than ${f.k}", because a count hidden to protect another may be larger. Rates are not shown where their count is hidden, and a rate from fewer than 20 overdoses is marked * as unreliable.</p>
<h2>Areas</h2>
<p>Small places are merged with their neighbours until each area has at least ${groupDigits(f.minPopulation)} residents; the merged places are listed under each area's name. Overdoses are placed by where they happened; those that could not be placed are counted as "not placed".</p>
<h2>Reporting lags</h2>
<p>Records arrive days to weeks after the event (a medical examiner's finding can take months), so the most recent weeks are <strong>still growing</strong> and usually rise when late records come in. The figures are fixed for a week and updated once a week (these run to MMWR week ${escapeXml(f.asOf.label)}, ending ${escapeXml(f.asOf.last)}); late records show in the next week's figures.</p>
${HELP}`;
  return page(`${jurisdiction.name}: how the figures are made`, body);
}

/** The list of jurisdictions that publish, the public dashboard's front page. */
export function renderPublicIndex(jurisdictions: Jurisdiction[]): string {
  const items = jurisdictions
    .map((j) => `<li><a href="/public/${encodeURIComponent(j.shortName)}">${escapeXml(j.name)}</a></li>`)
    .join('');
  return page(
    'SOS public dashboard',
    items
      ? `<p class="lead">Choose a jurisdiction.</p><ul>${items}</ul>`
      : '<p>No jurisdiction publishes figures yet.</p>',
  );
}

/**
 * A jurisdiction's public dashboard: the weekly trend, the years and months since the first year, the map and table of a chosen month by public
 * area, the month's groups, and the open data files. Rendered on the server from the public figures
 * alone, so it needs no sign-in and no script, and shows exactly what the open data holds.
 */
export function renderPublicDashboard(
  jurisdiction: Jurisdiction,
  f: PublicFigures,
  monthWanted: string | undefined,
): string {
  const k = f.k;
  const m = Math.max(
    0,
    monthWanted ? f.months.findIndex((x) => x.month === monthWanted) : f.months.length - 1,
  );
  const month = f.months[m];
  const byLabel = new Map(f.weeks.map((w) => [w.week, w.count]));
  const recent = f.weeks.slice(-52).map((w) => ({
    week: w.week,
    first: w.first,
    count: w.count,
    lastYear: byLabel.get(sameWeekLastYear(parseReportWeek(w.week)).label) ?? null,
  }));
  const trendTitle = `Suspected overdoses by week, the last 52 weeks to ${f.asOf.last}, and the same weeks a year before`;
  const options = f.months
    .map(
      (x, i) =>
        `<option value="${x.month}"${i === m ? ' selected' : ''}>${escapeXml(monthYearText(x.first))}</option>`,
    )
    .join('');
  const mapTitle = month
    ? `Suspected overdoses by area, ${monthYearText(month.first)}`
    : 'Suspected overdoses by area';
  const areas = f.areas.map((a) => ({
    key: a.id,
    label: a.name,
    count: a.counts[m] ?? null,
    rate: a.rates[m]?.rate ?? null,
    rateUnreliable: a.rates[m]?.unreliable ?? true,
    geometry: a.geometry,
    members: a.members,
  }));
  const rows = areas
    .map(
      (a) =>
        `<tr><th scope="row">${escapeXml(a.label)}${a.members.length > 1 ? `<br><small>${escapeXml(a.members.join(', '))}</small>` : ''}</th><td class="n">${escapeXml(countText(a.count))}</td><td class="n">${rateText(a.rate, a.rateUnreliable)}</td></tr>`,
    )
    .join('');
  const groups = f.breakdowns
    .map(
      (b) =>
        `<h3>${escapeXml(b.title)}</h3><table><thead><tr><th scope="col">Group</th><th scope="col" class="n">Overdoses</th></tr></thead><tbody>${b.rows
          .map(
            (r) =>
              `<tr><th scope="row">${escapeXml(r.label)}</th><td class="n">${escapeXml(countText(r.counts[m] ?? null))}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('');
  const base = `/api/public/v1/jurisdictions/${encodeURIComponent(jurisdiction.shortName)}`;
  const downloads = OPEN_DATA_FILES.map(
    (file) => `<li><a href="${base}/open-data/${file}" download>${file}</a></li>`,
  ).join('');
  const body = `
<p class="lead">Figures to the week ending ${escapeXml(f.asOf.last)} (MMWR week ${escapeXml(f.asOf.label)}). Counts from 1 to ${k - 1} read “hidden”, and so do some larger counts, so that none of them can be worked out; areas have at least ${groupDigits(f.minPopulation)} residents.</p>
<p><a href="${base}/weekly-report">This week's public report</a> (<a href="${base}/weekly-report?format=pdf">PDF</a>)</p>
<h2>Weekly trend</h2><figure><figcaption>${escapeXml(trendTitle)}</figcaption>${trendChartSvg(recent, { k, title: trendTitle, headed: true })}</figure>
${publicHistorySection(f)}
<h2>By area</h2>
<form method="get"><label for="month">Month</label><select id="month" name="month">${options}</select> <button type="submit">Show</button></form>
<figure>${areaMapSvg(areas, { k, title: mapTitle, measure: 'count', headed: true })}</figure>
<table><caption>${escapeXml(mapTitle)}: total ${escapeXml(countText(month?.total ?? null))}</caption><thead><tr><th scope="col">Area</th><th scope="col" class="n">Overdoses</th><th scope="col" class="n">Per 100,000</th></tr></thead><tbody>${rows || '<tr><td colspan="3">This jurisdiction has no map layer.</td></tr>'}</tbody></table>
<p><small>* a rate from fewer than 20 overdoses is unreliable.</small></p>
<h2>Who is affected and what substances, ${escapeXml(month ? monthYearText(month.first) : '')}</h2>${groups}
<h2>Open data</h2><p>The same figures as files (CSV and GeoJSON), with a data dictionary:</p><ul>${downloads}</ul>
<p><a href="/public/${encodeURIComponent(jurisdiction.shortName)}/methodology">How these figures are made</a>: definitions, hidden counts, areas and reporting lags.</p>
<p><a href="/public/${encodeURIComponent(jurisdiction.shortName)}/agreements">Data sharing agreements</a>: who shares which data with whom, for what, and on what legal basis.</p>
<p><a href="/public/${encodeURIComponent(jurisdiction.shortName)}/data-use">How your data is used</a>: what is collected, who sees what, how long it is kept, and whom to ask.</p>
${HELP}`;
  return page(`${jurisdiction.name}: overdose figures`, body);
}
