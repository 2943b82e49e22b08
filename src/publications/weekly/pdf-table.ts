/**
 * A table drawn on a PDFKit page: a shaded header row, then rows with hairlines between them. When a
 * row would run past the bottom margin, the table goes on at the top of the next page with its
 * title (marked "continued") and header drawn again, so no page shows numbers without their columns.
 */
import { winAnsiText } from './win-ansi-text.js';

export interface PdfColumn {
  header: string;
  /** A share of the table's width; the shares of all columns add up to 1. */
  share: number;
  align?: 'left' | 'right';
}

export interface PdfTable {
  title: string;
  /** A line under the title, kept with it (e.g. an alert's window and status). */
  subtitle?: string;
  columns: PdfColumn[];
  rows: { cells: string[]; bold?: boolean }[];
  /** A line under the table (e.g. what "*" means); none when empty. */
  footnote?: string;
}

export interface TableStyle {
  fontSize: number;
  titleSize: number;
  /** The table's left edge and width. */
  x: number;
  width: number;
}

const padX = 4;
const padY = 2.5;
const headerFill = '#ececec';
const ruleColour = '#d0d0d0';
const ink = '#1a1a1a';
const mutedInk = '#555555';

/** The height the table takes when drawn whole (title to footnote), for layouts that must fit it. */
export function tableHeight(doc: PDFKit.PDFDocument, table: PdfTable, style: TableStyle): number {
  const rows = table.rows.map((row) => rowHeight(doc, row.cells, table, style, row.bold ?? false));
  return (
    titleHeight(style) +
    subtitleHeight(doc, table, style) +
    rowHeight(doc, headerCells(table), table, style, true) +
    rows.reduce((sum, height) => sum + height, 0) +
    footnoteHeight(doc, table, style)
  );
}

/** Draws the table from `doc.y`, breaking pages as needed; leaves `doc.y` under it. */
export function drawTable(doc: PDFKit.PDFDocument, table: PdfTable, style: TableStyle): void {
  const header = rowHeight(doc, headerCells(table), table, style, true);
  const firstRow = table.rows[0]
    ? rowHeight(doc, table.rows[0].cells, table, style, table.rows[0].bold ?? false)
    : 0;
  // The title stays with the header and at least one row.
  if (doc.y + titleHeight(style) + subtitleHeight(doc, table, style) + header + firstRow > bottomOf(doc)) {
    doc.addPage();
  }
  drawTitle(doc, table.title, style);
  if (table.subtitle) {
    const height = subtitleHeight(doc, table, style);
    doc.font('Helvetica').fontSize(style.fontSize).fillColor(mutedInk);
    const y = doc.y;
    doc.text(winAnsiText(table.subtitle), style.x, y, { width: style.width });
    doc.y = y + height;
  }
  drawRow(doc, headerCells(table), table, style, { bold: true, fill: headerFill, height: header });
  for (const row of table.rows) {
    const height = rowHeight(doc, row.cells, table, style, row.bold ?? false);
    if (doc.y + height > bottomOf(doc)) {
      doc.addPage();
      drawTitle(doc, `${table.title} (continued)`, style);
      drawRow(doc, headerCells(table), table, style, { bold: true, fill: headerFill, height: header });
    }
    drawRow(doc, row.cells, table, style, { bold: row.bold ?? false, height });
  }
  if (table.footnote) {
    if (doc.y + footnoteHeight(doc, table, style) > bottomOf(doc)) doc.addPage();
    doc
      .font('Helvetica')
      .fontSize(style.fontSize - 1)
      .fillColor(mutedInk);
    doc.text(winAnsiText(table.footnote), style.x, doc.y + 3, { width: style.width });
  }
  doc.fillColor(ink);
}

function bottomOf(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

function headerCells(table: PdfTable): string[] {
  return table.columns.map((column) => column.header);
}

function titleHeight(style: TableStyle): number {
  return style.titleSize + 6;
}

function subtitleHeight(doc: PDFKit.PDFDocument, table: PdfTable, style: TableStyle): number {
  if (!table.subtitle) return 0;
  doc.font('Helvetica').fontSize(style.fontSize);
  return doc.heightOfString(winAnsiText(table.subtitle), { width: style.width }) + 4;
}

function footnoteHeight(doc: PDFKit.PDFDocument, table: PdfTable, style: TableStyle): number {
  if (!table.footnote) return 0;
  doc.font('Helvetica').fontSize(style.fontSize - 1);
  return doc.heightOfString(winAnsiText(table.footnote), { width: style.width }) + 3;
}

function drawTitle(doc: PDFKit.PDFDocument, title: string, style: TableStyle): void {
  doc.font('Helvetica-Bold').fontSize(style.titleSize).fillColor(ink);
  const y = doc.y;
  doc.text(winAnsiText(title), style.x, y, { width: style.width, lineBreak: false });
  doc.y = y + titleHeight(style);
}

function cellWidths(table: PdfTable, style: TableStyle): number[] {
  return table.columns.map((column) => column.share * style.width);
}

function rowHeight(
  doc: PDFKit.PDFDocument,
  cells: string[],
  table: PdfTable,
  style: TableStyle,
  bold: boolean,
): number {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(style.fontSize);
  const widths = cellWidths(table, style);
  const heights = cells.map((cell, i) =>
    doc.heightOfString(winAnsiText(cell) || ' ', { width: (widths[i] ?? 0) - 2 * padX }),
  );
  return Math.max(style.fontSize, ...heights) + 2 * padY;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  cells: string[],
  table: PdfTable,
  style: TableStyle,
  options: { bold: boolean; height: number; fill?: string },
): void {
  const y = doc.y;
  const widths = cellWidths(table, style);
  if (options.fill) doc.rect(style.x, y, style.width, options.height).fill(options.fill);
  doc
    .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(style.fontSize)
    .fillColor(ink);
  let x = style.x;
  cells.forEach((cell, i) => {
    const width = widths[i] ?? 0;
    doc.text(winAnsiText(cell), x + padX, y + padY, {
      width: width - 2 * padX,
      align: table.columns[i]?.align ?? 'left',
    });
    x += width;
  });
  doc
    .moveTo(style.x, y + options.height)
    .lineTo(style.x + style.width, y + options.height)
    .lineWidth(0.5)
    .strokeColor(ruleColour)
    .stroke();
  doc.y = y + options.height;
}
