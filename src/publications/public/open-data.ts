import { csvLine, spreadsheetSafe } from '../../platform/csv/csv-escape.js';
import type { ReportFigure } from '../weekly/weekly-report.js';
import { UNPLACED } from '../weekly/weekly-report-assembly.js';
import type { PublicFigures } from './public-figures.js';

/** One open data file. */
export interface OpenDataFile {
  name: string;
  contentType: string;
  body: string;
}

/** The open data files a jurisdiction publishes, by name. */
export const OPEN_DATA_FILES = [
  'weekly.csv',
  'monthly.csv',
  'annual.csv',
  'monthly-by-area.csv',
  'monthly-by-group.csv',
  'areas.geojson',
  'data-dictionary.csv',
] as const;

/** The name of an open data file. */
export type OpenDataName = (typeof OPEN_DATA_FILES)[number];

// A suppressed count is an empty `count` with `suppressed` = yes: a number column stays numeric in
// every spreadsheet, and "<10" is spelled out in the dictionary instead.
const count = (figure: ReportFigure) => (figure === null ? ['', 'yes'] : [figure, 'no']);

function weeklyCsv(figures: PublicFigures): string {
  let csv = csvLine(['week', 'first_day', 'last_day', 'count', 'suppressed']);
  for (const w of figures.weeks) csv += csvLine([w.week, w.first, w.last, ...count(w.count)]);
  return csv;
}

function monthlyCsv(figures: PublicFigures): string {
  let csv = csvLine(['month', 'first_day', 'last_day', 'count', 'suppressed']);
  for (const m of figures.history) csv += csvLine([m.month, m.first, m.last, ...count(m.count)]);
  return csv;
}

function annualCsv(figures: PublicFigures): string {
  let csv = csvLine(['year', 'first_day', 'last_day', 'to_date', 'count', 'suppressed']);
  for (const y of figures.years) {
    csv += csvLine([y.year, y.first, y.last, y.toDate ? 'yes' : 'no', ...count(y.total)]);
  }
  return csv;
}

function monthlyByAreaCsv(figures: PublicFigures): string {
  let csv = csvLine([
    'month',
    'area_id',
    'area_name',
    'places',
    'population',
    'count',
    'suppressed',
    'rate_per_100k',
    'rate_unreliable',
  ]);
  figures.months.forEach((month, m) => {
    for (const area of figures.areas) {
      const rate = area.rates[m];
      csv += csvLine([
        month.month,
        spreadsheetSafe(area.id),
        spreadsheetSafe(area.name),
        spreadsheetSafe(area.members.join('; ')),
        area.population,
        ...count(area.counts[m] ?? null),
        rate?.rate == null ? '' : rate.rate.toFixed(1),
        rate?.unreliable ? 'yes' : 'no',
      ]);
    }
    if (figures.unplaced) {
      csv += csvLine([
        month.month,
        UNPLACED,
        'Place not known',
        '',
        '',
        ...count(figures.unplaced[m] ?? null),
        '',
        '',
      ]);
    }
    csv += csvLine([month.month, 'total', 'All areas', '', '', ...count(month.total), '', '']);
  });
  return csv;
}

function monthlyByGroupCsv(figures: PublicFigures): string {
  let csv = csvLine(['month', 'dimension', 'value', 'label', 'count', 'suppressed']);
  figures.months.forEach((month, m) => {
    for (const breakdown of figures.breakdowns) {
      for (const row of breakdown.rows) {
        csv += csvLine([
          month.month,
          breakdown.dimension,
          spreadsheetSafe(row.key),
          spreadsheetSafe(row.label),
          ...count(row.counts[m] ?? null),
        ]);
      }
    }
  });
  return csv;
}

function areasGeoJson(figures: PublicFigures): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: figures.areas.map((area) => ({
      type: 'Feature',
      id: area.id,
      properties: {
        id: area.id,
        name: area.name,
        places: area.members,
        population: area.population,
        months: figures.months.map((m) => m.month),
        counts: area.counts,
        rates_per_100k: area.rates.map((r) => (r.rate === null ? null : Number(r.rate.toFixed(1)))),
      },
      geometry: area.geometry,
    })),
  });
}

/** What every column of every file means: the data dictionary, itself a CSV. */
function dictionaryCsv(figures: PublicFigures): string {
  const k = figures.k;
  const rows: [string, string, string][] = [
    [
      '*',
      'count',
      `Suspected overdoses (linked reports of one overdose count once). Empty when suppressed: 1 to ${k - 1}, or hidden so that such a count cannot be worked out from others.`,
    ],
    [
      '*',
      'suppressed',
      `yes when the count is hidden; the count is then between 1 and ${k - 1} or is a larger count hidden to protect one.`,
    ],
    ['weekly.csv', 'week', 'MMWR week (Sunday to Saturday) as YYYY-Www.'],
    [
      'weekly.csv',
      'first_day, last_day',
      'The Sunday and Saturday of the week, local days of the jurisdiction.',
    ],
    [
      'monthly.csv',
      'month',
      'Calendar month as YYYY-MM, by the local day of the overdose: every whole month from January of the first year with data to the last complete month.',
    ],
    ['monthly.csv', 'first_day, last_day', 'The first and last local day of the month.'],
    [
      'annual.csv',
      'year',
      "Calendar year as YYYY, from the first year with data; a year's count is the sum of its months in monthly.csv.",
    ],
    [
      'annual.csv',
      'first_day, last_day',
      'The first and last local day the count covers: the last day of the last complete month for the current year.',
    ],
    [
      'annual.csv',
      'to_date',
      'yes for the current year, counted to date (its whole months so far), not a whole year.',
    ],
    ['monthly-by-area.csv', 'month', 'Calendar month as YYYY-MM, by the local day of the overdose.'],
    [
      'monthly-by-area.csv',
      'area_id, area_name',
      `A public area: one place of at least ${figures.minPopulation} residents, or several neighbouring places merged; "${UNPLACED}" holds overdoses not placed in any area; "total" is the month's count.`,
    ],
    ['monthly-by-area.csv', 'places', 'The places an area is made of, separated by semicolons.'],
    ['monthly-by-area.csv', 'population', 'Residents of the area (census), the denominator of the rate.'],
    [
      'monthly-by-area.csv',
      'rate_per_100k',
      'Overdoses per 100,000 residents in the month; empty when the count is hidden.',
    ],
    ['monthly-by-area.csv', 'rate_unreliable', 'yes when the rate rests on fewer than 20 overdoses.'],
    [
      'monthly-by-group.csv',
      'dimension',
      'age_band, sex or substance. Substances count an overdose once for each substance involved, so they do not add up to the month.',
    ],
    ['monthly-by-group.csv', 'value, label', 'The code and its reading; "unknown" means not recorded.'],
    [
      'areas.geojson',
      'properties',
      'Each public area with its places, population, and counts and rates per month (null when hidden), months in order.',
    ],
  ];
  let csv = csvLine(['file', 'field', 'meaning']);
  for (const row of rows) csv += csvLine(row);
  return csv;
}

/** One open data file of a jurisdiction's public figures. */
export function openDataFile(figures: PublicFigures, name: OpenDataName): OpenDataFile {
  switch (name) {
    case 'weekly.csv':
      return { name, contentType: 'text/csv; charset=utf-8', body: weeklyCsv(figures) };
    case 'monthly.csv':
      return { name, contentType: 'text/csv; charset=utf-8', body: monthlyCsv(figures) };
    case 'annual.csv':
      return { name, contentType: 'text/csv; charset=utf-8', body: annualCsv(figures) };
    case 'monthly-by-area.csv':
      return { name, contentType: 'text/csv; charset=utf-8', body: monthlyByAreaCsv(figures) };
    case 'monthly-by-group.csv':
      return { name, contentType: 'text/csv; charset=utf-8', body: monthlyByGroupCsv(figures) };
    case 'areas.geojson':
      return { name, contentType: 'application/geo+json', body: areasGeoJson(figures) };
    case 'data-dictionary.csv':
      return { name, contentType: 'text/csv; charset=utf-8', body: dictionaryCsv(figures) };
  }
}
