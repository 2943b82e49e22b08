/**
 * A realistic weekly report, built by hand for the renderers' tests: 30 weeks of trend ending
 * 2024-W05 (so the trend crosses a year), 20 small square areas (10 merged pairs for the public),
 * four breakdowns, two alerts with responses, and figures of 1..k−1 hidden as the audience requires.
 * Values come from a fixed pseudo-random sequence, so every run builds the same report.
 */
import { addDays } from '../../src/platform/calendar-days.js';
import { parseReportWeek, sameWeekLastYear, shiftWeek } from '../../src/publications/weekly/report-week.js';
import type {
  Audience,
  ReportArea,
  ReportBreakdown,
  ReportFigure,
  TrendPoint,
  WeeklyReport,
} from '../../src/publications/weekly/weekly-report.js';

const kOf: Record<Audience, number> = { internal: 1, partner: 5, public: 10 };

/** A linear congruential sequence: the same numbers on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function hide(count: number, k: number): ReportFigure {
  return count >= 1 && count < k ? null : count;
}

function percentChange(now: ReportFigure, base: number | null): number | null {
  if (now === null || base === null || base === 0) return null;
  return ((now - base) / base) * 100;
}

const areaNames = [
  'Northgate',
  'Riverside',
  'Mill & Bridge',
  'Old Town',
  'Harbor View',
  'Eastfield',
  'Westmoor',
  'Kings Cross',
  'Fairmount',
  'Cedar Hill',
  'Lakeshore',
  "St. Anne's",
  'Pine Ridge',
  'Market District',
  'Southbank',
  'Ironworks',
  'Greenway',
  'Maple Heights',
  'Union Square',
  'Brookside',
];

function square(column: number, row: number): [number, number][][] {
  const west = -75.3 + column * 0.04;
  const south = 39.9 + row * 0.03;
  return [
    [
      [west, south],
      [west + 0.04, south],
      [west + 0.04, south + 0.03],
      [west, south + 0.03],
      [west, south],
    ],
  ];
}

export function sampleWeeklyReport(audience: Audience): WeeklyReport {
  const k = kOf[audience];
  const random = sequence(20240205);
  const week = parseReportWeek('2024-W05');

  const weekly = Array.from({ length: 30 }, (_, i) => Math.round(62 + 14 * Math.sin(i / 4) + random() * 12));
  const pastWeekly = weekly.map((count) => Math.round(count * 0.85 + random() * 6));
  // A data outage week and a quiet week last year: small counts that smaller audiences may not see.
  weekly[11] = 4;
  pastWeekly[20] = 3;
  const trend: TrendPoint[] = weekly.map((count, i) => {
    const trendWeek = shiftWeek(week, i - 29);
    return {
      week: trendWeek.label,
      first: trendWeek.first,
      count: hide(count, k),
      lastYear: hide(pastWeekly[i] ?? 0, k),
    };
  });

  const total = weekly[29] ?? 0;
  const previous = weekly.slice(25, 29).reduce((sum, count) => sum + count, 0);
  const lastYear = pastWeekly[29] ?? 0;

  const populations = areaNames.map(() => Math.round(8_000 + random() * 32_000));
  const weekCounts = areaNames.map((_, i) => (i === 6 ? 0 : Math.round(random() * 9)));
  const monthCounts = weekCounts.map((count, i) => (i === 6 ? 0 : count + Math.round(8 + random() * 30)));
  const area = (
    key: string,
    label: string,
    count: number,
    population: number,
    geometry: unknown,
    members?: string[],
  ): ReportArea => {
    const shown = hide(count, k);
    return {
      key,
      label,
      count: shown,
      rate: shown === null ? null : (count / population) * 100_000,
      rateUnreliable: shown !== null && count < 20,
      geometry,
      ...(members ? { members } : {}),
    };
  };
  const areas =
    audience === 'public'
      ? Array.from({ length: 10 }, (_, pair) => {
          const [a, b] = [pair * 2, pair * 2 + 1];
          return area(
            `merged-${pair + 1}`,
            `${areaNames[a]} and ${areaNames[b]}`,
            (monthCounts[a] ?? 0) + (monthCounts[b] ?? 0),
            (populations[a] ?? 0) + (populations[b] ?? 0),
            {
              type: 'MultiPolygon',
              coordinates: [square(a % 5, Math.floor(a / 5)), square(b % 5, Math.floor(b / 5))],
            },
            [areaNames[a] ?? '', areaNames[b] ?? ''],
          );
        })
      : areaNames.map((name, i) =>
          area(`area-${i + 1}`, name, weekCounts[i] ?? 0, populations[i] ?? 1, {
            type: 'Polygon',
            coordinates: square(i % 5, Math.floor(i / 5)),
          }),
        );

  const breakdown = (dimension: string, title: string, rows: [string, number][]): ReportBreakdown => ({
    dimension,
    title,
    rows: rows.map(([label, count]) => ({ key: label.toLowerCase(), label, count: hide(count, k) })),
    total: hide(
      rows.reduce((sum, [, count]) => sum + count, 0),
      k,
    ),
  });
  const breakdowns = [
    breakdown('ageBand', 'Age', [
      ['Under 18', 2],
      ['18–24', 9],
      ['25–34', 21],
      ['35–44', 17],
      ['45–54', 11],
      ['55 and over', 6],
      ['Unknown', 0],
    ]),
    breakdown('sex', 'Sex', [
      ['Female', 19],
      ['Male', 46],
      ['Unknown', 1],
    ]),
    breakdown('substance', 'Substance involved', [
      ['Fentanyl or analogue', 41],
      ['Heroin', 4],
      ['Cocaine', 12],
      ['Methamphetamine', 8],
      ['Alcohol with other drugs', 0],
      ['Other or unknown', 1],
    ]),
    breakdown('setting', 'Where it happened', [
      ['Residence', 33],
      ['Public place <outdoors>', 22],
      ['Vehicle', 3],
      ['Shelter', 6],
      ['Other', 2],
    ]),
  ];

  const alerts: WeeklyReport['alerts'] =
    audience === 'public'
      ? null
      : [
          {
            id: 'alert-1',
            ruleName: 'EARS C2 spike, jurisdiction',
            placeName: 'Mill & Bridge',
            raisedAt: '2024-01-30T14:05:00Z',
            windowStart: '2024-01-28',
            windowEnd: '2024-01-30',
            count: hide(7, k),
            status: 'closed',
            responses: [
              {
                at: '2024-01-30T15:20:00Z',
                by: 'R. Alvarez',
                action: 'acknowledged',
                note: 'Matches EMS reports of a bad batch near the bus depot.',
              },
              {
                at: '2024-01-31T09:00:00Z',
                by: 'Harm reduction team',
                action: 'naloxone distributed',
                note: '120 kits handed out at two outreach sites.',
              },
              { at: '2024-02-02T17:45:00Z', by: 'R. Alvarez', action: 'closed', note: null },
            ],
          },
          {
            id: 'alert-2',
            ruleName: 'Space-time cluster',
            placeName: 'Riverside',
            raisedAt: '2024-02-02T08:30:00Z',
            windowStart: '2024-01-27',
            windowEnd: '2024-02-02',
            count: hide(3, k),
            status: 'open',
            responses: [
              {
                at: '2024-02-02T10:10:00Z',
                by: 'K. Osei',
                action: 'partners notified',
                note: 'Shelters and the syringe service program told by phone.',
              },
            ],
          },
        ];

  const mapWeekFirst = audience === 'public' ? shiftWeek(week, -3).first : week.first;
  return {
    jurisdiction: { id: 'j-1', shortName: 'Delmont', name: 'Delmont County', timeZone: 'America/New_York' },
    audience,
    week: { label: week.label, first: week.first, last: week.last },
    k,
    generatedAt: '2024-02-05T13:00:00Z',
    headline: {
      total: hide(total, k),
      previousFourWeeks: hide(previous, k),
      changeVsPreviousFourWeeks: percentChange(hide(total, k), previous / 4),
      sameWeekLastYear: hide(lastYear, k),
      changeVsLastYear: percentChange(hide(total, k), hide(lastYear, k)),
      fatal: hide(6, k),
    },
    trend,
    map: {
      layerName: audience === 'public' ? 'Neighbourhood groups' : 'Neighbourhoods',
      period: {
        first: mapWeekFirst,
        last: week.last,
        label: audience === 'public' ? `${shiftWeek(week, -3).label} to ${week.label}` : week.label,
      },
      areas,
      total: hide(audience === 'public' ? monthCounts.reduce((s, c) => s + c, 0) : total, k),
      ...(audience === 'public' ? { minPopulation: 20_000 } : {}),
    },
    breakdowns,
    alerts,
    notes: [
      k > 1
        ? `Counts from 1 to ${k - 1} read "hidden", and so do other figures where they would let a reader work one out.`
        : 'Every count is shown: this report is for analysts only.',
      'Rates are per 100,000 residents; a rate marked * rests on fewer than 20 overdoses and is unreliable.',
      `Same week last year is MMWR week ${sameWeekLastYear(week).label}, ${addDays(sameWeekLastYear(week).first, 0)} to ${sameWeekLastYear(week).last}.`,
    ],
  };
}
