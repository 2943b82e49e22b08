// What publications' briefs count of an area beyond the rollups: overdoses by quarter hour (for the
// hour of the week) and by H3 resolution-7 cell inside an area. Counts only, never a point or a row.
// No actor: each caller is a service that has already checked its own reader.

/** Overdoses by UTC quarter hour (those with a time of day) and by local day (those without). */
/** Overdoses with an exact point by H3 resolution-7 cell, under the query's filters (an area included). */
export { QUARTER_HOUR_SECONDS, readCellCounts, readQuarterHourCounts } from './area-detail-store.js';
