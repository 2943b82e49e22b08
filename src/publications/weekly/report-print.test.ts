import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chromiumPath } from '../../../test/support/browser.js';
import { longestBlankBand, pdfPageGrey } from '../../../test/support/pdf-ink.js';
import { sampleWeeklyReport } from '../../../test/support/weekly-report-fixture.js';
import { printHtmlToPdf } from './chromium-pdf.js';
import { renderWeeklyReportPdf } from './plain-pdf.js';
import { renderWeeklyReportHtml } from './report-html.js';
import { audiences } from './weekly-report.js';

const outputs = path.resolve('test-results', 'reports');

/** The titles a reader sees: the page's headings and the words the charts draw (not `<title>`). */
function shownTitles(html: string): string[] {
  return [...html.matchAll(/<(h[1-6]|text)\b[^>]*>([^<]*)<\/\1>/g)].map((m) => (m[2] ?? '').trim());
}

describe('the printed weekly report', () => {
  for (const audience of audiences) {
    it(`prints each chart title once in the ${audience} report's HTML`, () => {
      const report = sampleWeeklyReport(audience);
      const html = renderWeeklyReportHtml(report);
      const titles = [...html.matchAll(/<svg [^>]*role="img"[^>]*><title>([^<]*)<\/title>/g)].map(
        (m) => m[1] ?? '',
      );
      assert.ok(titles.length >= 2, 'the trend and the map');
      const text = shownTitles(html);
      for (const title of titles) {
        assert.equal(text.filter((t) => t === title).length, 1, `"${title}" is printed once`);
      }
    });
  }

  it('fills page 1 of the Chromium PDF and of the plain PDF (no half page left blank)', async () => {
    await mkdir(outputs, { recursive: true });
    for (const audience of ['internal', 'partner'] as const) {
      const report = sampleWeeklyReport(audience);
      const printed = await printHtmlToPdf(renderWeeklyReportHtml(report), chromiumPath());
      await writeFile(path.join(outputs, `chromium-${audience}.pdf`), printed);
      const plain = await renderWeeklyReportPdf(report);
      for (const [engine, pdf] of [
        ['chromium', printed],
        ['plain', plain],
      ] as const) {
        const blank = longestBlankBand(pdfPageGrey(pdf, 1));
        assert.ok(
          blank < 0.2,
          `${engine} ${audience}: ${Math.round(blank * 100)}% of page 1 is one blank band`,
        );
      }
    }
  });
});
