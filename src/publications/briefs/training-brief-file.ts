import PDFDocument from 'pdfkit';
import { findChromium, printHtmlToPdf } from '../weekly/chromium-pdf.js';
import { valueLabel } from '../weekly/report-labels.js';
import { winAnsiText } from '../weekly/win-ansi-text.js';
import { figuresFile, trainingAttributes } from './training-brief-figures.js';
import { briefPeriodText, renderTrainingBriefHtml } from './training-brief-html.js';
import type { TrainingBrief } from './training-brief-service.js';
import { shareText } from './training-myth-answers.js';

/** The files a training brief is offered as. */
export const trainingBriefFormats = ['html', 'pdf', 'figures'] as const;

/** One format of a training brief. */
export type TrainingBriefFormat = (typeof trainingBriefFormats)[number];

/** A brief written out, ready to send. */
export interface TrainingBriefFile {
  bytes: Uint8Array;
  contentType: 'text/html' | 'application/pdf' | 'application/json';
  fileName: string;
  /** How it was made: HTML, the figures' JSON, Chromium's print, or the plain fallback. */
  engine: 'html' | 'json' | 'chromium' | 'plain';
}

/**
 * Writes a brief as HTML (the source of every printable form), as PDF printed by Chromium when the
 * machine has it and laid out by PDFKit otherwise, or as its figures' JSON for `sos suppression check`.
 */
export async function writeTrainingBrief(
  brief: TrainingBrief,
  format: TrainingBriefFormat,
  chromium: string | null = findChromium(),
): Promise<TrainingBriefFile> {
  const scope = brief.scope.area === null ? 'all' : brief.scope.area.replace(/[^A-Za-z0-9_-]+/g, '-');
  const base = `sos-training-brief-${brief.jurisdiction.shortName}-${scope}-${brief.from.slice(0, 7)}-${brief.to.slice(0, 7)}`;
  const encode = (text: string) => new TextEncoder().encode(text);
  if (format === 'figures') {
    return {
      bytes: encode(figuresFile(brief.figures.publication)),
      contentType: 'application/json',
      fileName: `${base}-figures.json`,
      engine: 'json',
    };
  }
  const html = renderTrainingBriefHtml(brief);
  if (format === 'html') {
    return { bytes: encode(html), contentType: 'text/html', fileName: `${base}.html`, engine: 'html' };
  }
  if (chromium) {
    return {
      bytes: await printHtmlToPdf(html, chromium),
      contentType: 'application/pdf',
      fileName: `${base}.pdf`,
      engine: 'chromium',
    };
  }
  return {
    bytes: await plainPdf(brief),
    contentType: 'application/pdf',
    fileName: `${base}.pdf`,
    engine: 'plain',
  };
}

/** The brief's text as headings and paragraphs, for the plain PDF. */
function briefBlocks(brief: TrainingBrief): { heading: boolean; text: string }[] {
  const f = brief.figures;
  const h = (text: string) => ({ heading: true, text });
  const p = (text: string) => ({ heading: false, text });
  return [
    h('The overdoses'),
    p(`Suspected overdoses: ${f.total ?? 'hidden'}`),
    p(`Fatal: ${shareText(f.fatal)}`),
    p(`Naloxone given (by anyone): ${shareText(f.naloxoneGiven)}`),
    h('Who overdoses here'),
    ...trainingAttributes.flatMap((attribute) => [
      p(
        `${valueLabel(attribute)}: ${f.attributes[attribute].values.map((v) => `${valueLabel(v.key)} ${shareText(v.share)}`).join('; ') || 'none shown'}${f.attributes[attribute].withheldMonths.length ? ` (${f.attributes[attribute].withheldMonths.length} month(s) left out: too few overdoses)` : ''}`,
      ),
    ]),
    h('Substances involved'),
    p(f.substances.map((s) => `${valueLabel(s.key)} ${shareText(s.share)}`).join('; ')),
    h('Myths against figures'),
    ...brief.myths.flatMap((m) => [p(`Myth: ${m.claim}`), p(m.answer)]),
    h('Good Samaritan law'),
    ...brief.laws.flatMap((law) => [
      p(`${law.stateName}: ${law.protects.join(' ')} Limits: ${law.limits.join(' ')}`),
      p(`Statutes: ${law.citations.join('; ')}. Last reviewed ${law.lastReviewed}. Not legal advice.`),
    ]),
    ...(brief.laws.length === 0
      ? [p('No Good Samaritan law summary is kept for this jurisdiction yet.')]
      : []),
    h('Where to refer people'),
    ...brief.referrals.map((g) =>
      p(
        `${valueLabel(g.kind)}: ${g.services.map((s) => `${s.name} (${s.organization})${s.phone ? ` ${s.phone}` : ''}`).join('; ') || 'none in the directory yet'}`,
      ),
    ),
    p(`${brief.crisisLine.name}: ${brief.crisisLine.text}`),
    p(`Counts from 1 to ${f.k - 1} read "hidden", and so do some larger counts that would reveal them.`),
  ];
}

/** The brief as a plain PDF (standard Helvetica, text only) for machines without Chromium. */
async function plainPdf(brief: TrainingBrief): Promise<Uint8Array> {
  const title = `Training brief: who overdoses in ${brief.scope.areaName ?? brief.jurisdiction.name}`;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 48,
    lang: 'en-US',
    displayTitle: true,
    info: { Title: winAnsiText(title), Author: 'SOS', CreationDate: new Date(`${brief.madeOn}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(winAnsiText(title));
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(winAnsiText(`${briefPeriodText(brief.from, brief.to)} · partner data (T1): do not post publicly`));
  for (const block of briefBlocks(brief)) {
    if (block.heading) doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(winAnsiText(block.text));
    else doc.font('Helvetica').fontSize(9.5).text(winAnsiText(block.text), { paragraphGap: 3 });
  }
  doc.end();
  return finished;
}
