import { z } from 'zod';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import type { PublicFigures } from './public-figures.js';

/** A published count: a number, or null when it is hidden (1 to k-1, or one that would reveal such a count). */
const figure = z.number().int().nullable();

/** A jurisdiction as the public sees it. */
export const publicJurisdictionSchema = z.object({
  id: z.string(),
  short_name: z.string(),
  name: z.string(),
  time_zone: z.string(),
});

/** Public figures as they leave the server: counts are numbers or null (hidden), areas come without geometry. */
export const publicFiguresSchema = z.object({
  jurisdiction: publicJurisdictionSchema,
  k: z.number().int().describe('Counts from 1 to k-1 are hidden'),
  min_population: z.number().int().describe('Every public area holds at least this many residents'),
  as_of: z.object({ week: z.string(), first: z.string(), last: z.string() }),
  weeks: z.array(z.object({ week: z.string(), first: z.string(), last: z.string(), count: figure })),
  months: z.array(z.object({ month: z.string(), first: z.string(), last: z.string(), total: figure })),
  monthly: z.array(z.object({ month: z.string(), first: z.string(), last: z.string(), count: figure })),
  annual: z.array(
    z.object({ year: z.string(), first: z.string(), last: z.string(), to_date: z.boolean(), count: figure }),
  ),
  layer_name: z.string().nullable(),
  areas: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      places: z.array(z.string()).describe('The areas of the layer merged into this public area'),
      population: z.number(),
      counts: z.array(figure).describe('By month of `months`'),
      rates: z.array(z.object({ rate: z.number().nullable(), unreliable: z.boolean() })),
    }),
  ),
  unplaced: z
    .array(figure)
    .nullable()
    .describe('By month, overdoses no area holds; null when there are none'),
  breakdowns: z.array(
    z.object({
      dimension: z.string(),
      title: z.string(),
      additive: z.boolean(),
      rows: z.array(z.object({ key: z.string(), label: z.string(), counts: z.array(figure) })),
    }),
  ),
});

/** The jurisdictions that publish figures. */
export const publicJurisdictionListSchema = z.object({ jurisdictions: z.array(publicJurisdictionSchema) });

/** A jurisdiction as the public sees it. */
export function presentPublicJurisdiction(j: Jurisdiction): z.infer<typeof publicJurisdictionSchema> {
  return { id: j.id, short_name: j.shortName, name: j.name, time_zone: j.timeZone };
}

/**
 * Public figures as they leave the server, field by field: counts are numbers or null (hidden), and
 * areas come without geometry (the GeoJSON file carries it), so the page loads its numbers quickly.
 */
export function presentPublicFigures(j: Jurisdiction, f: PublicFigures): z.infer<typeof publicFiguresSchema> {
  return {
    jurisdiction: presentPublicJurisdiction(j),
    k: f.k,
    min_population: f.minPopulation,
    as_of: { week: f.asOf.label, first: f.asOf.first, last: f.asOf.last },
    weeks: f.weeks.map((w) => ({ week: w.week, first: w.first, last: w.last, count: w.count })),
    months: f.months.map((m) => ({ month: m.month, first: m.first, last: m.last, total: m.total })),
    monthly: f.history.map((m) => ({ month: m.month, first: m.first, last: m.last, count: m.count })),
    annual: f.years.map((y) => ({
      year: y.year,
      first: y.first,
      last: y.last,
      to_date: y.toDate,
      count: y.total,
    })),
    layer_name: f.layerName,
    areas: f.areas.map((a) => ({
      id: a.id,
      name: a.name,
      places: a.members,
      population: a.population,
      counts: a.counts,
      rates: a.rates.map((r) => ({
        rate: r.rate === null ? null : Number(r.rate.toFixed(1)),
        unreliable: r.unreliable,
      })),
    })),
    unplaced: f.unplaced,
    breakdowns: f.breakdowns.map((b) => ({
      dimension: b.dimension,
      title: b.title,
      additive: b.additive,
      rows: b.rows.map((r) => ({ key: r.key, label: r.label, counts: r.counts })),
    })),
  };
}
