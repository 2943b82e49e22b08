import type { CountTable } from '../../disclosure/count-table.js';
import {
  type FigureAddress,
  type FigureSum,
  type Publication,
  type PublishedTable,
  TOTAL,
} from '../../disclosure/published-table.js';
import { auditPublication } from '../../disclosure/suppression-auditor.js';
import { protectPublication } from '../../disclosure/suppression-engine.js';

/** The person attributes a training brief breaks overdoses down by (each through the partner rule). */
export const trainingAttributes = ['age_group', 'sex', 'race', 'ethnicity'] as const;

/** One person attribute of the brief. */
export type TrainingAttribute = (typeof trainingAttributes)[number];

/** A value and its true count. */
export interface KeyCount {
  key: string;
  count: number;
}

/** A person-attribute breakdown after the partner rule: the months shown, summed, and the months withheld. */
export interface AttributeCounts {
  values: KeyCount[];
  /** First days of the months whose breakdown the partner rule withheld. */
  withheldMonths: string[];
}

/** The true counts a training brief is made from, before suppression. */
export interface TrainingCounts {
  total: number;
  outcome: { fatal: number; nonfatal: number; unknown: number };
  naloxone: { given: number; notGiven: number; unknown: number };
  /** Overdoses involving each substance (an overdose may involve several); fentanyl always present. */
  substances: KeyCount[];
  /** Overdoses involving fentanyl by how they answered naloxone; they add up to fentanyl's count. */
  fentanylNaloxone: { responded: number; didNotRespond: number; otherwise: number };
  attributes: Record<TrainingAttribute, AttributeCounts>;
}

/** A published count: its value, or null when the disclosure module hid it. */
export type Figure = number | null;

/** A share as printed: the count, what it is out of, both possibly hidden. */
export interface Share {
  count: Figure;
  of: Figure;
}

/** The brief's figures as they leave SOS: every count passed through the disclosure module. */
export interface TrainingFigures {
  k: number;
  total: Figure;
  fatal: Share;
  naloxoneGiven: Share;
  substances: { key: string; share: Share }[];
  fentanylNaloxone: { responded: Share };
  attributes: Record<
    TrainingAttribute,
    { values: { key: string; share: Share }[]; withheldMonths: string[]; of: Figure }
  >;
  /** The protected tables, exactly as `figures.json` holds them. */
  publication: Publication;
}

const ALL = 'all';
const OVERDOSES = 'overdoses';
const NALOXONE = 'naloxone';
const SUBSTANCES = 'substances';
const FENTANYL_NALOXONE = 'fentanyl_naloxone';
const attributeTable = (attribute: TrainingAttribute) => `by_${attribute}`;

/**
 * Protects a training brief's counts with threshold k: primary and complementary suppression by the
 * disclosure engine, every way a reader could add or subtract two printed counts declared to it
 * (each substance's involved plus not involved is the total; the outcome, naloxone and, where no month
 * was withheld, each attribute's rows add up to the total; fentanyl's naloxone answers add up to the
 * overdoses involving fentanyl). Percentages are then only printed over shown counts.
 */
export function protectTrainingCounts(counts: TrainingCounts, k: number): TrainingFigures {
  const at = (table: string, row: string, column: string): FigureAddress => ({ table, row, column });
  const totalAddress = at(OVERDOSES, ALL, TOTAL);
  const tables: CountTable[] = [
    {
      name: OVERDOSES,
      rows: [ALL],
      columns: ['fatal', 'nonfatal', 'outcome_not_recorded'],
      counts: [[counts.outcome.fatal, counts.outcome.nonfatal, counts.outcome.unknown]],
      totals: { rows: true },
    },
    {
      name: NALOXONE,
      rows: [ALL],
      columns: ['given', 'not_given', 'not_recorded'],
      counts: [[counts.naloxone.given, counts.naloxone.notGiven, counts.naloxone.unknown]],
      totals: { rows: true },
    },
    {
      name: SUBSTANCES,
      rows: counts.substances.map((s) => s.key),
      columns: ['involved', 'not_involved'],
      counts: counts.substances.map((s) => [s.count, counts.total - s.count]),
      totals: { rows: true },
    },
    {
      name: FENTANYL_NALOXONE,
      rows: ['fentanyl'],
      columns: ['responded', 'did_not_respond', 'not_given_or_not_recorded'],
      counts: [
        [
          counts.fentanylNaloxone.responded,
          counts.fentanylNaloxone.didNotRespond,
          counts.fentanylNaloxone.otherwise,
        ],
      ],
      totals: { rows: true },
    },
    ...trainingAttributes.map(
      (attribute): CountTable => ({
        name: attributeTable(attribute),
        rows: counts.attributes[attribute].values.map((v) => v.key),
        columns: [OVERDOSES],
        counts: counts.attributes[attribute].values.map((v) => [v.count]),
        totals: { columns: true },
      }),
    ),
  ].filter((table) => table.rows.length > 0);

  const figureSums: FigureSum[] = [{ figure: totalAddress, sumOf: [at(NALOXONE, ALL, TOTAL)] }];
  for (const { key } of counts.substances) {
    figureSums.push({ figure: totalAddress, sumOf: [at(SUBSTANCES, key, TOTAL)] });
  }
  if (counts.substances.some((s) => s.key === 'fentanyl')) {
    figureSums.push({
      figure: at(SUBSTANCES, 'fentanyl', 'involved'),
      sumOf: [at(FENTANYL_NALOXONE, 'fentanyl', TOTAL)],
    });
  }
  for (const attribute of trainingAttributes) {
    const { values, withheldMonths } = counts.attributes[attribute];
    // With a month withheld the attribute's rows add up to the months shown, not to the total.
    if (values.length > 0 && withheldMonths.length === 0) {
      figureSums.push({ figure: totalAddress, sumOf: [at(attributeTable(attribute), TOTAL, OVERDOSES)] });
    }
  }

  const published = protectTables(tables, figureSums, k);
  const byName = new Map(published.map((table) => [table.name, table]));
  const figure = (table: string, row: string, column: string): Figure => {
    const t = byName.get(table);
    if (!t) return null;
    const c = column === TOTAL ? -1 : t.columns.indexOf(column);
    const r = row === TOTAL ? -1 : t.rows.indexOf(row);
    if (r === -1 && c !== -1) return t.columnTotals?.[c] ?? null;
    if (c === -1 && r !== -1) return t.rowTotals?.[r] ?? null;
    return t.cells[r]?.[c] ?? null;
  };
  const total = figure(OVERDOSES, ALL, TOTAL);
  return {
    k,
    total,
    fatal: { count: figure(OVERDOSES, ALL, 'fatal'), of: total },
    naloxoneGiven: { count: figure(NALOXONE, ALL, 'given'), of: total },
    substances: counts.substances.map(({ key }) => ({
      key,
      share: { count: figure(SUBSTANCES, key, 'involved'), of: total },
    })),
    fentanylNaloxone: {
      responded: {
        count: figure(FENTANYL_NALOXONE, 'fentanyl', 'responded'),
        of: figure(FENTANYL_NALOXONE, 'fentanyl', TOTAL),
      },
    },
    attributes: Object.fromEntries(
      trainingAttributes.map((attribute) => {
        const name = attributeTable(attribute);
        const of = figure(name, TOTAL, OVERDOSES);
        return [
          attribute,
          {
            values: counts.attributes[attribute].values.map(({ key }) => ({
              key,
              share: { count: figure(name, key, OVERDOSES), of },
            })),
            withheldMonths: counts.attributes[attribute].withheldMonths,
            of,
          },
        ];
      }),
    ) as TrainingFigures['attributes'],
    publication: { tables: published, relations: [] },
  };
}

/**
 * Protects each table with the ties inside it, then audits all of them with every tie between them;
 * only when that joint audit fails are they protected together (protecting them together from the
 * start chains every table to every other through the total and hides far more than it must).
 */
function protectTables(tables: CountTable[], figureSums: FigureSum[], k: number): PublishedTable[] {
  const inside = (name: string) =>
    figureSums.filter((sum) => [sum.figure, ...sum.sumOf].every((address) => address.table === name));
  const separately = tables.flatMap(
    (table) =>
      protectPublication({ tables: [table], relations: [], figureSums: inside(table.name) }, k).publication
        .tables,
  );
  if (auditPublication({ tables: separately, relations: [], figureSums }, k, { exact: true }).passed) {
    return separately;
  }
  return protectPublication({ tables, relations: [], figureSums }, k).publication.tables;
}

/** The percentage of a shown share, rounded to a whole number; null when either figure is hidden or the base is 0. */
export function sharePercent(share: Share): number | null {
  if (share.count === null || share.of === null || share.of === 0) return null;
  return Math.round((100 * share.count) / share.of);
}

/** The publication as the JSON file `sos suppression check` reads (`src/disclosure/publication-file.ts`). */
export function figuresFile(publication: Publication): string {
  return `${JSON.stringify(
    {
      tables: publication.tables.map((t) => ({
        name: t.name,
        rows: t.rows,
        columns: t.columns,
        cells: t.cells,
        ...(t.rowTotals ? { rowTotals: t.rowTotals } : {}),
        ...(t.columnTotals ? { columnTotals: t.columnTotals } : {}),
        ...(t.total !== undefined ? { total: t.total } : {}),
      })),
      relations: publication.relations,
    },
    null,
    2,
  )}\n`;
}
