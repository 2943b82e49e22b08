/**
 * A weekly report as its renderers (HTML, charts, PDF) read it: every figure already suppressed
 * for its audience, so a renderer can never show more than the audience may see.
 */

import type { ReportNaloxoneCoverage } from './naloxone-coverage-section.js';

/** Who a report is for: analysts (T2), partners (T1) or anyone (T0, a one-page announcement). */
export const audiences = ['internal', 'partner', 'public'] as const;

/** A report's audience. */
export type Audience = (typeof audiences)[number];

/** A published count: a number, or null when it is suppressed (printed "<k"). */
export type ReportFigure = number | null;

/** One labelled count, with its rate when the label is a place with a population. */
export interface ReportRow {
  key: string;
  label: string;
  count: ReportFigure;
  /** Per 100,000 people; null when not shown (count suppressed, or no population). */
  rate?: number | null;
  /** Fewer than 20 events: the rate is flagged unreliable. */
  rateUnreliable?: boolean;
}

/** A breakdown of the week's overdoses by one dimension (age band, sex, substance, ...). */
export interface ReportBreakdown {
  dimension: string;
  title: string;
  rows: ReportRow[];
  total: ReportFigure;
}

/** One week of the trend. */
export interface TrendPoint {
  /** The week's label (`2024-W05`) and its first day. */
  week: string;
  first: string;
  count: ReportFigure;
  /** The same MMWR week a year before. */
  lastYear: ReportFigure;
}

/** A change between two shown figures, in percent; null when either is hidden or the base is 0. */
export interface ReportChange {
  base: ReportFigure;
  percent: number | null;
}

/** One area of the map: its counts and, for the renderer, its outline. */
export interface ReportArea extends ReportRow {
  /** GeoJSON Polygon or MultiPolygon in longitude/latitude. */
  geometry: unknown;
  /** For public reports, the places merged into this area. */
  members?: string[];
}

/** The week's alerts and what was done about them (internal and partner reports only). */
export interface ReportAlert {
  id: string;
  ruleName: string;
  placeName: string;
  raisedAt: string;
  windowStart: string;
  windowEnd: string;
  count: ReportFigure;
  status: string;
  responses: { at: string; by: string; action: string; note: string | null }[];
}

/** The weekly report of one jurisdiction for one audience. */
export interface WeeklyReport {
  jurisdiction: { id: string; shortName: string; name: string; timeZone: string };
  audience: Audience;
  week: { label: string; first: string; last: string };
  /** Counts of 1..k−1 are hidden (k = 1: nothing hidden). */
  k: number;
  generatedAt: string;
  headline: {
    total: ReportFigure;
    /** The previous four weeks together, and the change against their weekly mean. */
    previousFourWeeks: ReportFigure;
    changeVsPreviousFourWeeks: number | null;
    sameWeekLastYear: ReportFigure;
    changeVsLastYear: number | null;
    /** Fatal overdoses of the week (not in public reports, which publish no outcome). */
    fatal?: ReportFigure;
  };
  /** Weeks before and including the report's week, oldest first. */
  trend: TrendPoint[];
  /** The map: areas of the jurisdiction's layer (public: merged to a minimum population). */
  map: {
    layerName: string;
    /** What the map counts: the week, or (public) the four weeks ending with it. */
    period: { first: string; last: string; label: string };
    areas: ReportArea[];
    total: ReportFigure;
    /** Public reports: the smallest population of a shown area. */
    minPopulation?: number;
  } | null;
  breakdowns: ReportBreakdown[];
  alerts: ReportAlert[] | null;
  /** Naloxone deserts of the year ending with the week (internal and partner reports that track kits). */
  naloxone?: ReportNaloxoneCoverage | null;
  /** Plain sentences on how figures were protected and what the words mean. */
  notes: string[];
}
