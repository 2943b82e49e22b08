import { findChromium, printHtmlToPdf } from '../weekly/chromium-pdf.js';
import type { BriefDocument } from './brief-document.js';
import { briefHtml } from './brief-html.js';
import { briefPlainPdf } from './brief-plain-pdf.js';

/** A brief written as a file: HTML, or PDF printed by Chromium or, without it, drawn plain. */
export interface BriefFile {
  bytes: Uint8Array;
  contentType: 'application/pdf' | 'text/html';
  engine: 'html' | 'chromium' | 'plain';
}

/**
 * Writes a brief as HTML, or as PDF: Chromium prints the HTML when the machine has it (SOS_CHROMIUM
 * or Debian's), else the plain renderer draws the same document, so a server without a browser
 * still hands out its briefs. `chromium` null forces the plain renderer (tests).
 */
export async function writeBriefFile(
  document: BriefDocument,
  format: 'pdf' | 'html',
  chromium: string | null = findChromium(),
): Promise<BriefFile> {
  const html = briefHtml(document);
  if (format === 'html')
    return { bytes: new TextEncoder().encode(html), contentType: 'text/html', engine: 'html' };
  if (chromium)
    return {
      bytes: await printHtmlToPdf(html, chromium),
      contentType: 'application/pdf',
      engine: 'chromium',
    };
  return { bytes: await briefPlainPdf(document), contentType: 'application/pdf', engine: 'plain' };
}
