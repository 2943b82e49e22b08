/**
 * An announcement as a PDF drawn in JavaScript (PDFKit), for servers without Chromium: US Letter,
 * the standard Helvetica fonts (WinAnsi covers Spanish accents, ñ, ¿ and ¡), the same content as the
 * HTML page in the same order.
 */
import PDFDocument from 'pdfkit';
import { winAnsiText } from '../weekly/win-ansi-text.js';
import type { AnnouncementContent } from './announcement-content.js';

const ink = '#1a1a1a';
const accent = '#0b3d5c';
const muted = '#555555';

/** Draws the announcement; `madeAt` is its creation date, so the same announcement gives the same bytes. */
export async function renderAnnouncementPdf(
  content: AnnouncementContent,
  context: { jurisdictionName: string; madeAt: Date },
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    lang: content.language,
    displayTitle: true,
    info: { Title: winAnsiText(content.title), Author: 'SOS', CreationDate: context.madeAt },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const width = doc.page.width - 108;
  const text = (value: string, font: string, size: number, color = ink) => {
    doc.font(font).fontSize(size).fillColor(color).text(winAnsiText(value), { width });
  };
  text(content.title, 'Helvetica-Bold', 20, accent);
  doc.moveDown(0.6);
  text(content.figuresHeading, 'Helvetica-Bold', 13, accent);
  for (const figure of content.figures) {
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor(ink)
      .text(winAnsiText(`${figure.value}`), { continued: true, width })
      .font('Helvetica')
      .text(winAnsiText(`  ${figure.label}`));
  }
  text(content.figuresNote, 'Helvetica', 9, muted);
  doc.moveDown(0.6);
  for (const paragraph of content.paragraphs) {
    text(paragraph, 'Helvetica', 11.5);
    doc.moveDown(0.4);
  }
  if (content.message) {
    doc.moveDown(0.3);
    text(content.messageHeading ?? '', 'Helvetica-Bold', 13, accent);
    text(content.message, 'Helvetica', 11.5);
  }
  doc.moveDown(0.6);
  text(content.helpHeading, 'Helvetica-Bold', 13, accent);
  for (const link of content.links) {
    const name = link.kind === 'crisis_line' ? '' : ` ${link.name}`;
    const detail = link.detail ? `: ${link.detail}` : '';
    const url = link.url ? ` ${link.url}` : '';
    text(`${link.label}${name}${detail}${url}`, 'Helvetica', 11);
  }
  doc.moveDown(0.8);
  text(context.jurisdictionName, 'Helvetica', 9, muted);
  doc.end();
  return finished;
}
