/**
 * A brief as a PDF drawn in JavaScript (PDFKit), for servers without Chromium: US Letter, the
 * standard Helvetica fonts, the same sections, tables and charts as its HTML (tables through the
 * weekly report's `pdf-table.ts`, charts placed as vector graphics). A heat map prints its counts.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { drawTable } from '../weekly/pdf-table.js';
import { winAnsiText } from '../weekly/win-ansi-text.js';
import type { BriefDocument } from './brief-document.js';

const ink = '#1a1a1a';
const mutedInk = '#555555';
/** Chart pixels per PDF point, as the weekly report draws them. */
const chartScale = 0.75;

/** Draws the brief; a one-page brief uses smaller type so that it fits one sheet. */
export async function briefPlainPdf(brief: BriefDocument): Promise<Uint8Array> {
  const small = brief.onePage;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: small ? 36 : 48,
    bufferPages: true,
    lang: 'en-US',
    displayTitle: true,
    info: { Title: winAnsiText(brief.title), Author: 'SOS' },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const x = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const text = (value: string, font: string, size: number, colour = ink) => {
    doc.font(font).fontSize(size).fillColor(colour).text(winAnsiText(value), x, doc.y, { width });
  };
  text(brief.title, 'Helvetica-Bold', small ? 15 : 18);
  text(brief.subtitle, 'Helvetica', small ? 8.5 : 10, mutedInk);
  text(brief.audience, 'Helvetica-Bold', small ? 8.5 : 10, mutedInk);
  doc.moveDown(0.4);
  if (brief.statement) {
    text(brief.statement, 'Helvetica', small ? 9.5 : 11);
    doc.moveDown(0.4);
  }
  const fontSize = small ? 7.5 : 8.5;
  for (const section of brief.sections) {
    if (!small && doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    text(section.heading, 'Helvetica-Bold', small ? 10 : 12);
    doc.moveDown(0.2);
    for (const paragraph of section.paragraphs ?? []) text(paragraph, 'Helvetica', fontSize + 0.5);
    if (section.svg) {
      const height = small ? 110 : 170;
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      doc.save().translate(x, y).scale(chartScale);
      SVGtoPDF(doc, winAnsiText(section.svg(width / chartScale, height / chartScale)), 0, 0, {
        width: width / chartScale,
        height: height / chartScale,
        assumePt: true,
        fontCallback: (_family: string, bold: boolean) => (bold ? 'Helvetica-Bold' : 'Helvetica'),
        warningCallback: () => {},
      });
      doc.restore();
      doc.y = y + height + 4;
    }
    if (section.table) {
      drawTable(doc, section.table, {
        fontSize: section.table.shade ? fontSize - 2 : fontSize,
        titleSize: fontSize + 1,
        x,
        width,
      });
    }
    for (const item of section.items ?? []) text(`•  ${item}`, 'Helvetica', fontSize + 0.5);
    doc.moveDown(small ? 0.3 : 0.6);
  }
  if (brief.notes.length > 0) {
    text('Notes', 'Helvetica-Bold', fontSize + 1);
    for (const note of brief.notes) text(note, 'Helvetica', fontSize - 0.5, mutedInk);
  }
  text(`Made by SOS, ${brief.generatedAt}.`, 'Helvetica', fontSize - 0.5, mutedInk);
  doc.end();
  return finished;
}
