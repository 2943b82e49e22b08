import { SosError } from '../../platform/errors.js';
import { findChromium, printHtmlToPdf } from '../weekly/chromium-pdf.js';
import type { AnnouncementContent } from './announcement-content.js';
import { renderAnnouncementHtml, SQUARE_SIDE } from './announcement-html.js';
import { renderAnnouncementPdf } from './announcement-plain-pdf.js';
import { renderHtmlToPng } from './html-to-png.js';

/** What draws an announcement's files: Chromium's path (null: none on this machine; undefined: look). */
export interface AnnouncementRendering {
  chromium?: string | null | undefined;
  jurisdictionName: string;
  madeAt: Date;
}

/** A file drawn from an announcement, and how it was drawn. */
export interface AnnouncementFile {
  bytes: Uint8Array;
  contentType: 'application/pdf' | 'image/png';
  engine: 'chromium' | 'plain';
}

function chromiumOf(rendering: AnnouncementRendering): string | null {
  return rendering.chromium === undefined ? findChromium() : rendering.chromium;
}

/** The PDF: the HTML page printed by Chromium, else the plain PDFKit layout of the same content. */
export async function announcementPdf(
  content: AnnouncementContent,
  rendering: AnnouncementRendering,
): Promise<AnnouncementFile> {
  const chromium = chromiumOf(rendering);
  if (chromium) {
    const html = renderAnnouncementHtml(content, {
      jurisdictionName: rendering.jurisdictionName,
      layout: 'page',
    });
    return {
      bytes: await printHtmlToPdf(html, chromium),
      contentType: 'application/pdf',
      engine: 'chromium',
    };
  }
  return {
    bytes: await renderAnnouncementPdf(content, rendering),
    contentType: 'application/pdf',
    engine: 'plain',
  };
}

/** The 1080x1080 image for social media, drawn by Chromium from the same HTML; PNG_RENDERER_MISSING without it. */
export async function announcementPng(
  content: AnnouncementContent,
  rendering: AnnouncementRendering,
): Promise<AnnouncementFile> {
  const chromium = chromiumOf(rendering);
  if (!chromium) throw new SosError('PNG_RENDERER_MISSING');
  const html = renderAnnouncementHtml(content, {
    jurisdictionName: rendering.jurisdictionName,
    layout: 'square',
  });
  const bytes = await renderHtmlToPng(html, chromium, { width: SQUARE_SIDE, height: SQUARE_SIDE });
  return { bytes, contentType: 'image/png', engine: 'chromium' };
}
