import { DetectionParameterError } from './detection-parameter-error.js';

/** How the reference periods of one monitored period are chosen. */
export interface ReferencePeriodOptions {
  /** Periods per year (52 for weeks, 12 for months, 365 for days). */
  frequency: number;
  /** Years to go back. */
  b: number;
  /** Half-width of the window around each past year's period. */
  w: number;
  /** Groups the year is cut into: 1 keeps the windows only; more adds the periods between them. */
  noPeriods: number;
  /** Recent periods left out of the model, so an emerging outbreak does not raise its own baseline. */
  pastWeeksNotIncluded: number;
}

/**
 * The seasonal group of every period (0-based index) that the model of period `k` (1-based) fits
 * on; 0 for a period not used. Period k − i·frequency (i = 1..b) and the w periods either side form
 * the windows, group `noPeriods`. With noPeriods > 1 (Noufaily 2013), the stretch between one window
 * and the next younger one (the current period's window counting as the youngest) is cut into
 * noPeriods − 1 blocks labelled 1, 2, … oldest first, the first ones a period longer when the stretch
 * does not divide evenly. Finally the `pastWeeksNotIncluded` periods before k, and k itself, are
 * left out. This is how R's surveillance::farringtonFlexible indexes series without dates.
 */
export function referencePeriodGroups(
  length: number,
  k: number,
  options: ReferencePeriodOptions,
): Int32Array {
  const { frequency, b, w, noPeriods: groups, pastWeeksNotIncluded } = options;
  const group = new Int32Array(length);
  const assign = (from: number, to: number, label: number) => {
    // Periods before the series start do not exist; R drops them the same way (index 0).
    for (let period = Math.max(from, 1); period <= to; period++) group[period - 1] = label;
  };
  assign(k - w, k, groups);
  for (let i = 1; i <= b; i++) {
    const centre = k - i * frequency;
    if (centre < 1) {
      throw new DetectionParameterError(
        'b',
        `period ${k} has no period ${b} years back: decrease b or start the range at ${b * frequency + w + 1} or later`,
      );
    }
    assign(centre - w, centre + w, groups);
    if (groups === 1) continue;
    const younger = k - (i - 1) * frequency;
    const gap = younger - 2 * w - 1 - centre;
    if (gap < groups - 1) {
      throw new DetectionParameterError(
        'noPeriods',
        `noPeriods ${groups} is too many for windows of ${2 * w + 1}`,
      );
    }
    const shortBlock = Math.floor(gap / (groups - 1));
    const longer = gap % (groups - 1);
    let start = centre + w + 1;
    for (let label = 1; label < groups; label++) {
      const size = shortBlock + (label <= longer ? 1 : 0);
      assign(start, start + size - 1, label);
      start += size;
    }
  }
  for (let period = Math.max(k - pastWeeksNotIncluded, 1); period <= k; period++) group[period - 1] = 0;
  return group;
}
