import type { CountTable } from '../disclosure/count-table.js';
import { PUBLIC_K } from '../disclosure/primary-suppression.js';
import {
  type FigureAddress,
  type FigureSum,
  type PublishedTable,
  TOTAL,
} from '../disclosure/published-table.js';
import { auditPublication } from '../disclosure/suppression-auditor.js';
import { protectPublication } from '../disclosure/suppression-engine.js';
import type { CoerciveActTally } from './outreach-dependencies.js';
import {
  type BreakdownDimension,
  breakdownDimensions,
  median,
  type OutcomeCounts,
  percentile90,
  type ResponseHours,
} from './program-outcomes.js';

/** One published count: its value, or null with `suppressed` when the disclosure module hid it. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

/** Hours to an event as published: the statistics only over a shown count. */
export interface PublishedHours {
  median: number | null;
  p90: number | null;
  /** The cases the statistics are over (the attempted, or the reached, cases). */
  n: Cell;
  within72h: { count: Cell; of: Cell };
}

/** The funnel as it leaves SOS: every count passed through the disclosure module. */
export interface PublishedOutcomes {
  k: number;
  eligibleOverdoses: Cell;
  cases: Cell;
  attempted: Cell;
  peopleAttempted: Cell;
  reached: Cell;
  engaged: { total: Cell; directly: Cell; throughNetwork: Cell };
  refused: Cell;
  servicesDelivered: { service: string; cases: Cell }[];
  referrals: { need: string; made: Cell; attended: Cell }[];
  hoursToFirstAttempt: PublishedHours;
  hoursToFirstContact: PublishedHours;
  repeatOverdose: {
    days: number;
    engaged: { repeats: Cell; of: Cell };
    notEngaged: { repeats: Cell; of: Cell };
  }[];
  breakdowns: Record<
    BreakdownDimension,
    { group: string; cases: Cell; reached: Cell; engaged: Cell; refused: Cell }[]
  >;
  /** Null when the register is not connected (unknown, not zero). */
  coerciveActs: { warrantCheck: Cell; arrest: Cell; involuntaryCommitmentPetition: Cell } | null;
  suppressedCells: number;
  /** The protected tables, every figure as published (what the funder CSV prints). */
  tables: PublishedTable[];
}

/** The single row of the headline table. */
const ALL = 'all';
const FUNNEL = 'funnel';
const SERVICES = 'services_delivered';
const REFERRALS = 'referrals';
const HOURS = 'response_hours';
const REPEATS = 'repeat_overdose';
const COERCIVE = 'coercive_acts';
const breakdownTable = (dimension: BreakdownDimension) => `by_${dimension}`;

/** A nested pair as `[remainder, whole, part]`: whole = part + remainder in every row it is declared for. */
type Nesting = readonly [string, string, string];

const FUNNEL_NESTING: Nesting[] = [
  ['not_attempted', 'cases', 'attempted'],
  ['attempted_not_reached', 'attempted', 'reached'],
  ['attempted_cases_of_people_counted', 'attempted', 'people_attempted'],
  ['not_engaged', 'cases', 'engaged'],
  ['engaged_through_network', 'engaged', 'engaged_directly'],
  ['not_refused', 'cases', 'refused'],
];
const GROUP_MEASURES = ['cases', 'reached', 'engaged', 'refused'] as const;
type GroupMeasure = (typeof GROUP_MEASURES)[number];
const GROUP_NESTING: readonly (readonly [string, GroupMeasure, GroupMeasure])[] = [
  ['not_reached', 'cases', 'reached'],
  ['not_engaged', 'cases', 'engaged'],
  ['not_refused', 'cases', 'refused'],
];

/**
 * Publishes the funnel through the disclosure module, as public figures are, with threshold k: every
 * count sits in a table, and every way a reader could combine two published counts into a third is
 * declared to the engine, so a small count hides with its complements:
 * - the difference of two nested counts (cases not attempted; attempted, not reached; engaged not
 *   through a service...) is a column of its own, tied to the two in every row;
 * - each breakdown's column totals are the headline's counts (the same cases cut another way);
 * - the cases engaged but without a given service, the referrals made but not attended, the cases
 *   not within 72 h, the cases followed up without a repeat overdose: remainders, tied likewise.
 * Remainders are published too (a funder reads "not reached" directly), so what the engine protects
 * is exactly what is printed. The hours' statistics are shown only over a shown count.
 */
export function publishOutcomes(
  counts: OutcomeCounts,
  coerciveActs: CoerciveActTally | null,
  k = PUBLIC_K,
): PublishedOutcomes {
  const tables: CountTable[] = [];
  const figureSums: FigureSum[] = [];
  const at = (table: string, row: string, column: string): FigureAddress => ({ table, row, column });
  const nest = (table: string, rows: readonly string[], nesting: readonly Nesting[]) => {
    for (const row of rows) {
      for (const [remainder, whole, part] of nesting) {
        figureSums.push({
          figure: at(table, row, whole),
          sumOf: [at(table, row, part), at(table, row, remainder)],
        });
      }
    }
  };

  const funnel: Record<string, number> = {
    eligible_overdoses: counts.eligibleOverdoses,
    cases: counts.cases,
    attempted: counts.attempted,
    not_attempted: counts.cases - counts.attempted,
    people_attempted: counts.peopleAttempted,
    attempted_cases_of_people_counted: counts.attempted - counts.peopleAttempted,
    reached: counts.reached,
    attempted_not_reached: counts.attempted - counts.reached,
    engaged: counts.engaged,
    engaged_directly: counts.engagedDirectly,
    engaged_through_network: counts.engagedThroughNetwork,
    not_engaged: counts.cases - counts.engaged,
    refused: counts.refused,
    not_refused: counts.cases - counts.refused,
  };
  tables.push(singleRow(FUNNEL, funnel));
  nest(FUNNEL, [ALL], FUNNEL_NESTING);

  const services = counts.servicesDelivered.map((s) => s.service);
  tables.push({
    name: SERVICES,
    rows: services,
    columns: ['cases', 'engaged_without'],
    counts: counts.servicesDelivered.map((s) => [s.cases, counts.engaged - s.cases]),
    // Each row adds up to the engaged cases: said inside the table, so that it is protected on its own.
    totals: { rows: true },
  });
  for (const service of services) {
    figureSums.push({
      figure: at(FUNNEL, ALL, 'engaged'),
      sumOf: [at(SERVICES, service, 'cases'), at(SERVICES, service, 'engaged_without')],
    });
  }

  const needs = counts.referrals.map((r) => r.need);
  tables.push({
    name: REFERRALS,
    rows: needs,
    columns: ['made', 'attended', 'not_attended'],
    counts: counts.referrals.map((r) => [r.made, r.attended, r.made - r.attended]),
    totals: { columns: true },
  });
  nest(REFERRALS, [...needs, TOTAL], [['not_attended', 'made', 'attended']]);

  const hourRows = ['first_attempt', 'first_contact'];
  const within = (h: ResponseHours) => [
    h.within72h.count,
    h.within72h.of - h.within72h.count,
    h.within72h.of,
  ];
  tables.push({
    name: HOURS,
    rows: hourRows,
    columns: ['within_72h', 'not_within_72h', 'settled'],
    counts: [within(counts.firstAttempt), within(counts.firstContact)],
  });
  nest(HOURS, hourRows, [['not_within_72h', 'settled', 'within_72h']]);

  const repeatRows = counts.repeatOverdose.flatMap((r) => [
    `engaged_${r.days}_days`,
    `not_engaged_${r.days}_days`,
  ]);
  tables.push({
    name: REPEATS,
    rows: repeatRows,
    columns: ['repeats', 'no_repeat', 'followed_up'],
    counts: counts.repeatOverdose.flatMap((r) =>
      [r.engaged, r.notEngaged].map((c) => [c.count, c.of - c.count, c.of]),
    ),
  });
  nest(REPEATS, repeatRows, [['no_repeat', 'followed_up', 'repeats']]);

  for (const dimension of breakdownDimensions) {
    const name = breakdownTable(dimension);
    const groups = counts.breakdowns[dimension];
    const columns = [...GROUP_MEASURES, ...GROUP_NESTING.map(([remainder]) => remainder)];
    tables.push({
      name,
      rows: groups.map((g) => g.group),
      columns,
      counts: groups.map((g) => [
        g.cases,
        g.reached,
        g.engaged,
        g.refused,
        ...GROUP_NESTING.map(([, whole, part]) => g[whole] - g[part]),
      ]),
      totals: { columns: true },
    });
    nest(name, [...groups.map((g) => g.group), TOTAL], GROUP_NESTING);
    for (const measure of GROUP_MEASURES) {
      figureSums.push({ figure: at(FUNNEL, ALL, measure), sumOf: [at(name, TOTAL, measure)] });
    }
  }

  if (coerciveActs) tables.push(singleRow(COERCIVE, { ...coerciveActs }));

  const protectedTables = protectTables(tables, figureSums, k);
  const byName = new Map(protectedTables.map((table) => [table.name, table]));
  const cell = (table: string, row: string, column: string): Cell => {
    const published = byName.get(table);
    const r = row === TOTAL ? -1 : (published?.rows.indexOf(row) ?? -1);
    // Only column totals are read back by row (TOTAL); row totals are printed, never answered.
    const c = published?.columns.indexOf(column) ?? -1;
    const value = r === -1 ? published?.columnTotals?.[c] : published?.cells[r]?.[c];
    if (value === null || value === undefined) return { value: null, suppressed: true };
    return { value, suppressed: false };
  };
  const headline = (column: string) => cell(FUNNEL, ALL, column);
  const hours = (h: ResponseHours, row: string, n: Cell): PublishedHours => ({
    median: n.suppressed ? null : roundTenth(median(h.hours)),
    p90: n.suppressed ? null : roundTenth(percentile90(h.hours)),
    n,
    within72h: { count: cell(HOURS, row, 'within_72h'), of: cell(HOURS, row, 'settled') },
  });
  const attempted = headline('attempted');
  const reached = headline('reached');
  const repeatCells = (row: string) => ({
    repeats: cell(REPEATS, row, 'repeats'),
    of: cell(REPEATS, row, 'followed_up'),
  });
  return {
    k,
    eligibleOverdoses: headline('eligible_overdoses'),
    cases: headline('cases'),
    attempted,
    peopleAttempted: headline('people_attempted'),
    reached,
    engaged: {
      total: headline('engaged'),
      directly: headline('engaged_directly'),
      throughNetwork: headline('engaged_through_network'),
    },
    refused: headline('refused'),
    servicesDelivered: services.map((service) => ({ service, cases: cell(SERVICES, service, 'cases') })),
    referrals: needs.map((need) => ({
      need,
      made: cell(REFERRALS, need, 'made'),
      attended: cell(REFERRALS, need, 'attended'),
    })),
    hoursToFirstAttempt: hours(counts.firstAttempt, 'first_attempt', attempted),
    hoursToFirstContact: hours(counts.firstContact, 'first_contact', reached),
    repeatOverdose: counts.repeatOverdose.map((r) => ({
      days: r.days,
      engaged: repeatCells(`engaged_${r.days}_days`),
      notEngaged: repeatCells(`not_engaged_${r.days}_days`),
    })),
    breakdowns: Object.fromEntries(
      breakdownDimensions.map((dimension) => [
        dimension,
        counts.breakdowns[dimension].map(({ group }) => ({
          group,
          ...(Object.fromEntries(
            GROUP_MEASURES.map((m) => [m, cell(breakdownTable(dimension), group, m)]),
          ) as Record<(typeof GROUP_MEASURES)[number], Cell>),
        })),
      ]),
    ) as PublishedOutcomes['breakdowns'],
    coerciveActs: coerciveActs
      ? {
          warrantCheck: cell(COERCIVE, ALL, 'warrant_check'),
          arrest: cell(COERCIVE, ALL, 'arrest'),
          involuntaryCommitmentPetition: cell(COERCIVE, ALL, 'involuntary_commitment_petition'),
        }
      : null,
    suppressedCells: countHidden(protectedTables),
    tables: protectedTables,
  };
}

/**
 * Protects each table on its own (with the ties inside it), then audits them all together with every
 * tie between tables; only when that joint audit fails are they protected together. Protecting the
 * twenty-odd tables at once chains every breakdown to every other through the headline, and the
 * engine then too often falls back to hiding every figure; one table at a time it finds the usual
 * pairs, and the joint audit keeps the result as safe as a joint protection.
 */
function protectTables(
  tables: readonly CountTable[],
  figureSums: readonly FigureSum[],
  k: number,
): PublishedTable[] {
  const inside = (name: string) =>
    figureSums.filter((sum) => [sum.figure, ...sum.sumOf].every((address) => address.table === name));
  const separately = tables.flatMap(
    (table) =>
      protectPublication({ tables: [table], relations: [], figureSums: inside(table.name) }, k).publication
        .tables,
  );
  if (
    auditPublication({ tables: separately, relations: [], figureSums: [...figureSums] }, k, { exact: true })
      .passed
  ) {
    return separately;
  }
  return protectPublication({ tables: [...tables], relations: [], figureSums: [...figureSums] }, k)
    .publication.tables;
}

/** A table of one row ('all') whose columns are the given counts. */
function singleRow(name: string, values: Record<string, number>): CountTable {
  return { name, rows: [ALL], columns: Object.keys(values), counts: [Object.values(values)] };
}

/** Every hidden figure of the published tables (cells and totals), whether or not the answer names it. */
function countHidden(tables: readonly PublishedTable[]): number {
  let hidden = 0;
  for (const table of tables) {
    const figures = [...table.cells.flat(), ...(table.columnTotals ?? []), ...(table.rowTotals ?? [])];
    for (const value of figures) if (value === null) hidden++;
  }
  return hidden;
}

function roundTenth(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
