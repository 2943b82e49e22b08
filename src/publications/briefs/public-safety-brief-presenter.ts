import { z } from 'zod';

import { blockText, hourText, WEEKDAYS } from './hour-of-week.js';
import type { Figure, PublicSafetyBrief } from './public-safety-brief.js';

const figure = z.number().int().min(0).nullable().describe('A count; null when the disclosure module hid it');

/** A share of the area's overdoses, always with its denominator. */
const share = z
  .object({
    of: figure.describe("The area's overdoses over the period, the share's denominator"),
    percent: z
      .number()
      .nullable()
      .describe('count / of × 100, one decimal; null when either is hidden or of is 0'),
  })
  .strict();

/** The public safety brief as it leaves the server: counts by area, hour of week, week and H3 cell only. */
export const publicSafetyBriefSchema = z
  .object({
    jurisdiction: z.object({ name: z.string(), time_zone: z.string() }).strict(),
    area: z
      .object({
        layer_id: z.string().nullable(),
        layer_name: z.string().nullable(),
        area_id: z.string().nullable().describe('null: the whole jurisdiction'),
        name: z.string(),
        population: z.number().int().nullable(),
      })
      .strict(),
    period: z
      .object({
        first_week: z.string(),
        last_week: z.string(),
        weeks: z.number().int(),
        from: z.string(),
        to: z.string(),
        last_year_from: z.string(),
        last_year_to: z.string(),
      })
      .strict(),
    k: z
      .number()
      .int()
      .describe(
        'The partner k applied: counts of 1..k−1 hidden with their complements (1, the default, hides none)',
      ),
    total: figure.describe("The area's overdoses over the period"),
    heat_map: z
      .object({
        weekdays: z.array(z.string()),
        hours: z.array(z.string()).describe("Local hours of the jurisdiction's time zone"),
        cells: z.array(z.array(figure)).describe('cells[weekday][hour]'),
        no_time_of_day: z
          .array(figure)
          .describe('Overdoses whose source gave no time of day, by day of the week: counted apart'),
        weekday_totals: z.array(figure),
        hour_totals: z.array(figure),
        no_time_of_day_total: figure,
      })
      .strict(),
    outcome: z.object({ fatal: figure, nonfatal: figure, unknown: figure }).strict(),
    trend: z
      .object({
        weeks: z.array(
          z
            .object({
              week: z.string(),
              first_day: z.string(),
              count: figure,
              last_year_week: z.string(),
              last_year_count: figure,
            })
            .strict(),
        ),
        total: figure,
        last_year_total: figure,
        sentence: z.string(),
      })
      .strict(),
    hot_spots: z
      .object({
        cell_size: z.string(),
        too_few_to_test: z.boolean(),
        cells: z.array(
          z
            .object({
              cell: z.string().describe('An H3 resolution-7 cell (about 5 km²)'),
              name: z.string().nullable(),
              count: figure.describe("The area's overdoses with an exact point in the cell"),
              few_of_its_own: z.boolean(),
              z: z.number().nullable(),
            })
            .strict(),
        ),
      })
      .strict(),
    focus: z
      .object({
        places: z.array(
          z
            .object({ cell: z.string(), name: z.string().nullable(), count: figure, hot: z.boolean(), share })
            .strict(),
        ),
        windows: z.array(z.object({ weekday: z.string(), hours: z.string(), count: figure, share }).strict()),
      })
      .strict(),
    resource_need: z
      .object({
        allowed: z.boolean(),
        reason: z.string().nullable().describe('Why no handout can be made of this area (too few residents)'),
      })
      .strict(),
    notes: z.array(z.string()),
    generated_at: z.string(),
  })
  .strict();

/** The brief as it leaves the server. */
export type PresentedPublicSafetyBrief = z.infer<typeof publicSafetyBriefSchema>;

/** count / of as a percentage with one decimal, when both are shown and of is not 0. */
export function sharePercent(count: Figure, of: Figure): number | null {
  if (count === null || of === null || of === 0) return null;
  return Math.round((count / of) * 1000) / 10;
}

/** The notes every brief carries: the clock, untimed overdoses, cells, hot spots and disclosure. */
export function briefNotes(brief: PublicSafetyBrief): string[] {
  const notes = [
    `Hours are local hours of ${brief.jurisdiction.timeZone}; weeks are MMWR weeks (Sunday to Saturday).`,
    brief.heatMap.noTimeOfDayTotal === 0
      ? 'Every overdose of the period has a time of day.'
      : `${brief.heatMap.noTimeOfDayTotal === null ? 'Some' : brief.heatMap.noTimeOfDayTotal} overdoses came without a time of day (a medical examiner's date of death, for instance): they are counted apart, by day of the week, and in no hour or window.`,
    'Places are H3 resolution-7 cells (about 5 km²), the finest place partners see; only overdoses with an exact point are in a cell.',
    brief.tooFewToTest
      ? 'Fewer than 20 overdoses in the jurisdiction over the period: no cell is called a hot spot.'
      : 'Hot spots: Getis-Ord Gi* over every cell of the jurisdiction, false discovery rate 5% (Benjamini-Hochberg).',
  ];
  notes.push(
    brief.k > 1
      ? `Counts of 1 to ${brief.k - 1} read "hidden", as do the counts that would give them away (the jurisdiction's partner k).`
      : 'Partner figures: counts by area, hour of the week and week as they are (as on the partner dashboard), with no age, sex, race or ethnicity; no date or point.',
  );
  return notes;
}

/** The fields of a brief that leave, with the answer's names. */
export function presentPublicSafetyBrief(brief: PublicSafetyBrief): PresentedPublicSafetyBrief {
  const of = brief.total;
  const hot = brief.cells.filter((c) => c.hot);
  return {
    jurisdiction: { name: brief.jurisdiction.name, time_zone: brief.jurisdiction.timeZone },
    area: {
      layer_id: brief.area.layerId,
      layer_name: brief.area.layerName,
      area_id: brief.area.id,
      name: brief.area.name,
      population: brief.area.population,
    },
    period: {
      first_week: brief.period.weeks[0]?.label ?? '',
      last_week: brief.period.weeks.at(-1)?.label ?? '',
      weeks: brief.period.weeks.length,
      from: brief.period.from,
      to: brief.period.to,
      last_year_from: brief.period.lastYearFrom,
      last_year_to: brief.period.lastYearTo,
    },
    k: brief.k,
    total: brief.total,
    heat_map: {
      weekdays: [...WEEKDAYS],
      hours: Array.from({ length: 24 }, (_, h) => hourText(h)),
      cells: brief.heatMap.hours,
      no_time_of_day: brief.heatMap.noTimeOfDay,
      weekday_totals: brief.heatMap.weekdayTotals,
      hour_totals: brief.heatMap.hourTotals,
      no_time_of_day_total: brief.heatMap.noTimeOfDayTotal,
    },
    outcome: brief.outcome,
    trend: {
      weeks: brief.trend.weeks.map((w) => ({
        week: w.week,
        first_day: w.first,
        count: w.count,
        last_year_week: w.lastYearWeek,
        last_year_count: w.lastYearCount,
      })),
      total: brief.trend.total,
      last_year_total: brief.trend.lastYearTotal,
      sentence: brief.trend.sentence,
    },
    hot_spots: {
      cell_size: 'H3 resolution 7 (about 5 km²)',
      too_few_to_test: brief.tooFewToTest,
      cells: hot.map((c) => ({
        cell: c.cell,
        name: c.name,
        count: c.count,
        few_of_its_own: c.fewOfItsOwn,
        z: c.z,
      })),
    },
    focus: {
      places: brief.cells.slice(0, 5).map((c) => ({
        cell: c.cell,
        name: c.name,
        count: c.count,
        hot: c.hot,
        share: { of, percent: sharePercent(c.count, of) },
      })),
      windows: brief.focusWindows.map((w) => ({
        weekday: WEEKDAYS[w.weekday] ?? '',
        hours: blockText(w.block),
        count: w.count,
        share: { of, percent: sharePercent(w.count, of) },
      })),
    },
    resource_need: { allowed: brief.handoutRefusal === null, reason: brief.handoutRefusal },
    notes: briefNotes(brief),
    generated_at: brief.generatedAt,
  };
}

/** The brief's figures as `sos suppression check` reads them (tables, relations and figure sums). */
export function briefFiguresFile(brief: PublicSafetyBrief) {
  return {
    about: `Public safety brief, ${brief.area.name}, ${brief.period.from} to ${brief.period.to}; check with --k ${brief.k}`,
    k: brief.k,
    tables: brief.publication.tables,
    relations: brief.publication.relations,
    figureSums: brief.publication.figureSums ?? [],
  };
}
