// The weekly report's "Naloxone coverage" section: the naloxone deserts of the 52 weeks ending with
// the report's week. Their overdose counts go into the report's one publication (a table of its own),
// so the audience's k hides what it must; kits and access points are counts of kits and places, not
// of people, and are printed as they are. With k above 1 a desert must rest on at least k overdoses,
// so that being named a desert never says a hidden count is at least the rule's minimum.
import type { CountTable } from '../../disclosure/count-table.js';
import { naloxoneCoverage } from '../../naloxone/coverage-service.js';
import { DEFAULT_DESERT_THRESHOLDS } from '../../naloxone/naloxone-desert.js';
import { addDays } from '../../platform/calendar-days.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { escapeXml } from '../charts/escape-xml.js';
import type { PdfTable } from './pdf-table.js';
import { countColumn, type PublishedFigures } from './report-figures.js';
import { countText, groupDigits, rateText } from './report-text.js';
import type { ReportWeek } from './report-week.js';
import type { ReportFigure, WeeklyReport } from './weekly-report.js';

/** The name of the section's table in the report's publication. */
export const NALOXONE_TABLE = 'naloxone deserts';

/** The true figures of the section, before suppression. */
export interface NaloxoneDesertCounts {
  from: string;
  to: string;
  layerName: string;
  thresholds: { kitsPerOverdose: number; overdosesPerAccessPoint: number; minOverdoses: number };
  jurisdictionRate: number | null;
  kits: number;
  deserts: {
    id: string;
    name: string;
    rank: number;
    population: number;
    overdoses: number;
    kits: number;
    accessPoints: number;
  }[];
}

/** The section as the report prints it. */
export interface ReportNaloxoneCoverage {
  period: { first: string; last: string };
  layerName: string;
  thresholds: NaloxoneDesertCounts['thresholds'];
  kits: number;
  deserts: {
    rank: number;
    label: string;
    overdoses: ReportFigure;
    /** Per 100,000 residents; null when the count is hidden. */
    rate: number | null;
    population: number;
    kits: number;
    /** Null when the count is hidden. */
    kitsPerOverdose: number | null;
    accessPoints: number;
  }[];
}

/**
 * The deserts of the 364 days ending with the report's week, or null when no kits were recorded
 * over them (a jurisdiction that does not track naloxone gets no section) or it has no layer.
 */
export async function readNaloxoneDeserts(
  db: Queryable,
  jurisdictionId: string,
  week: ReportWeek,
  k: number,
): Promise<NaloxoneDesertCounts | null> {
  const range = { from: addDays(week.last, -363), to: week.last };
  const thresholds = {
    ...DEFAULT_DESERT_THRESHOLDS,
    minOverdoses: Math.max(DEFAULT_DESERT_THRESHOLDS.minOverdoses, k),
  };
  const coverage = await naloxoneCoverage(db, jurisdictionId, range, thresholds).catch((error: unknown) => {
    if (error instanceof SosError && error.code === 'NALOXONE_NO_LAYER') return null;
    throw error;
  });
  if (!coverage) return null;
  const kits = coverage.assessment.areas.reduce((sum, a) => sum + a.kits, 0);
  if (kits === 0) return null;
  return {
    ...range,
    layerName: coverage.layer.name,
    thresholds,
    jurisdictionRate: coverage.assessment.jurisdictionRate,
    kits,
    deserts: coverage.assessment.deserts.map((d) => ({
      id: d.id,
      name: d.name,
      rank: d.rank ?? 0,
      population: d.population ?? 0,
      overdoses: d.overdoses,
      kits: d.kits,
      accessPoints: d.accessPoints,
    })),
  };
}

/** The section's count table for the report's publication: each desert's overdoses. */
export function naloxoneTable(counts: NaloxoneDesertCounts): CountTable {
  return countColumn(
    NALOXONE_TABLE,
    counts.deserts.map((d) => ({ key: d.id, count: d.overdoses })),
    false,
  );
}

/** The section from the published figures: a hidden count hides the rate and kits per overdose with it. */
export function naloxoneSection(
  counts: NaloxoneDesertCounts,
  figures: PublishedFigures,
): ReportNaloxoneCoverage {
  return {
    period: { first: counts.from, last: counts.to },
    layerName: counts.layerName,
    thresholds: counts.thresholds,
    kits: counts.kits,
    deserts: counts.deserts.map((d) => {
      const overdoses = figures.cell(NALOXONE_TABLE, d.id);
      return {
        rank: d.rank,
        label: d.name,
        overdoses,
        rate: overdoses === null || d.population === 0 ? null : (overdoses / d.population) * 100_000,
        population: d.population,
        kits: d.kits,
        kitsPerOverdose: overdoses === null || overdoses === 0 ? null : d.kits / overdoses,
        accessPoints: d.accessPoints,
      };
    }),
  };
}

/** The sentence that says what a desert is, over which days, and how many kits were recorded (plain text). */
export function naloxoneRuleText(section: ReportNaloxoneCoverage): string {
  const t = section.thresholds;
  return (
    `A naloxone desert is an area whose overdose rate over ${section.period.first} to ${section.period.last} ` +
    `is above the jurisdiction's on at least ${t.minOverdoses} overdoses, with fewer than ${t.kitsPerOverdose} kits distributed per overdose ` +
    `and less than one access point per ${t.overdosesPerAccessPoint} overdoses; ranked by rate. ${groupDigits(section.kits)} kits were recorded in all.`
  );
}

/** What the section says when no area is a desert. */
function noDesertText(section: ReportNaloxoneCoverage): string {
  return `No ${section.layerName.toLowerCase()} area is a naloxone desert.`;
}

/** One desert's cells, in the order of the section's columns. */
function desertCells(d: ReportNaloxoneCoverage['deserts'][number]): string[] {
  return [
    String(d.rank),
    d.label,
    countText(d.overdoses),
    d.overdoses === null ? 'hidden' : rateText(d.rate),
    groupDigits(d.kits),
    d.kitsPerOverdose === null ? 'hidden' : d.kitsPerOverdose.toFixed(1),
    String(d.accessPoints),
  ];
}

const desertHeaders = [
  'Rank',
  'Area',
  'Overdoses',
  'Per 100,000',
  'Kits',
  'Kits per overdose',
  'Access points',
];

/** The section as HTML (empty when the report has none). */
export function naloxoneSectionHtml(report: WeeklyReport): string {
  const section = report.naloxone;
  if (!section) return '';
  const rule = escapeXml(naloxoneRuleText(section));
  if (section.deserts.length === 0) {
    return `<section class="naloxone"><h2>Naloxone coverage</h2><p>${rule}</p><p>${escapeXml(noDesertText(section))}</p></section>`;
  }
  const cell = (text: string, i: number) =>
    i === 1 ? `<td>${escapeXml(text)}</td>` : `<td class="n">${escapeXml(text)}</td>`;
  const rows = section.deserts.map((d) => `<tr>${desertCells(d).map(cell).join('')}</tr>`).join('');
  const headers = desertHeaders
    .map((h, i) => (i === 1 ? `<th>${h}</th>` : `<th class="n">${h}</th>`))
    .join('');
  return (
    `<section class="naloxone"><h2>Naloxone coverage</h2><p>${rule}</p>` +
    `<table><thead><tr>${headers}</tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** The section for the plain PDF: its rule and its table (null when the report has no section). */
export function naloxonePdfSection(
  report: WeeklyReport,
): { rule: string; table: PdfTable | null; empty: string; named: string } | null {
  const section = report.naloxone;
  if (!section) return null;
  const shares = [0.07, 0.29, 0.12, 0.13, 0.11, 0.15, 0.13];
  return {
    rule: naloxoneRuleText(section),
    empty: noDesertText(section),
    named:
      section.deserts.length === 0
        ? noDesertText(section)
        : `Deserts, by rank: ${section.deserts.map((d) => d.label).join(', ')}.`,
    table:
      section.deserts.length === 0
        ? null
        : {
            title: `Naloxone deserts, ${section.layerName}`,
            columns: desertHeaders.map((header, i) => ({
              header,
              share: shares[i] ?? 0,
              align: i === 1 ? 'left' : 'right',
            })),
            rows: section.deserts.map((d) => ({ cells: desertCells(d) })),
          },
  };
}

/**
 * The section's figures as a publication file (`sos suppression check` reads it): its overdose
 * counts as published, hidden ones null. Kits and access points are not counts of people.
 */
export function naloxoneSectionFigures(report: WeeklyReport): {
  tables: { name: string; rows: string[]; columns: string[]; cells: (number | null)[][] }[];
} {
  const deserts = report.naloxone?.deserts ?? [];
  return {
    tables: [
      {
        name: NALOXONE_TABLE,
        rows: deserts.map((d) => d.label),
        columns: ['overdoses'],
        cells: deserts.map((d) => [d.overdoses]),
      },
    ],
  };
}
