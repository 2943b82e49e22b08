/**
 * The look the report charts share. Colours are chosen by lightness first, so that every mark
 * stays distinct when a report is printed in greyscale, and the map's palette is one hue (blue)
 * going from light to dark, which readers with any common colour-vision deficiency can order.
 */

/** A system sans-serif; PDF renderers fall back to Helvetica. */
export const chartFont = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const ink = '#1a1a1a';
export const mutedInk = '#555555';
export const gridLine = '#d4d4d4';
export const axisLine = '#8a8a8a';
/** This year's line and the bars: a dark blue, near black in greyscale. */
export const seriesColour = '#1f4e79';
/** Last year's line: a mid grey, dashed as well, so it does not rely on colour. */
export const comparisonColour = '#8c8c8c';
/** The band where suppressed weeks lie: light enough that lines over it stay legible. */
export const hiddenBand = '#e4e4e4';
/** Hatching of suppressed bars and areas. */
export const hatchInk = '#6e6e6e';
/** Areas with none: white-ish, outlined. */
export const zeroFill = '#fbfbfb';
/** Areas whose measure is missing (a count shown but no population for a rate). */
export const noDataFill = '#e9e9e9';
export const areaOutline = '#9a9a9a';

/** Five classes from light to dark blue, evenly spaced in lightness. */
export const sequentialPalette = ['#dce8f4', '#a8c6e4', '#6c9dcd', '#3a6fa8', '#173f6e'] as const;

export const titleSize = 14;
export const labelSize = 11;
export const smallSize = 10;
