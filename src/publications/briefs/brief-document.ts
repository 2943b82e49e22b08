import type { PdfTable } from '../weekly/pdf-table.js';

/** One section of a printed brief: a heading, sentences, a table (optionally shaded) and a chart. */
export interface BriefSection {
  heading: string;
  paragraphs?: string[];
  table?: PdfTable & {
    /** Counts behind the cells (row by column, after the label column) for a heat map's shading. */
    shade?: (number | null)[][];
  };
  /** A chart as SVG (from `../charts/`), drawn above the table. */
  svg?: (width: number, height: number) => string;
  /** A short list (hot spots, windows), one line each. */
  items?: string[];
}

/**
 * A printable brief, the one model its HTML (printed by Chromium) and its plain PDF (without
 * Chromium) are drawn from, so both say the same.
 */
export interface BriefDocument {
  title: string;
  subtitle: string;
  /** Who the figures are for, printed under the title ("Partners: not for public release"). */
  audience: string;
  /** A statement in a box under the title (the one-pager's plain-language need). */
  statement?: string;
  sections: BriefSection[];
  notes: string[];
  /** The page must hold everything on one sheet (smaller type, no page breaks). */
  onePage: boolean;
  generatedAt: string;
}
