import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import type { PublicFigures } from './public-figures.js';

/** A jurisdiction as the public sees it. */
export function presentPublicJurisdiction(j: Jurisdiction) {
  return { id: j.id, short_name: j.shortName, name: j.name, time_zone: j.timeZone };
}

/**
 * Public figures as they leave the server, field by field: counts are numbers or null (hidden), and
 * areas come without geometry (the GeoJSON file carries it), so the page loads its numbers quickly.
 */
export function presentPublicFigures(j: Jurisdiction, f: PublicFigures) {
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
