import { existsSync } from 'node:fs';

/** Where Chromium is: SOS_CHROMIUM, else Debian's; null when the machine has none. */
export function findChromium(): string | null {
  const candidates = [process.env.SOS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

/**
 * Prints a self-contained HTML page to PDF with headless Chromium, the same engine a reader's
 * browser prints with, so the PDF and the HTML look alike. The page loads nothing from the network
 * (its style and charts are inline), and every request it would make is refused.
 */
export async function printHtmlToPdf(html: string, executablePath: string): Promise<Uint8Array> {
  // Loaded when a PDF is printed, not when the server starts: it is the slowest module to load.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'Letter', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
