/**
 * Draws a self-contained HTML page as a PNG with headless Chromium, the engine that prints the PDF,
 * so an announcement's image and its page come from the same HTML. Like the PDF printer, the page may
 * fetch nothing: every request is refused.
 */
export async function renderHtmlToPng(
  html: string,
  executablePath: string,
  size: { width: number; height: number },
): Promise<Uint8Array> {
  // Loaded only when an image is drawn: playwright-core is slow to load.
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
    const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const png = await page.screenshot({
      type: 'png',
      clip: { x: 0, y: 0, width: size.width, height: size.height },
      animations: 'disabled',
    });
    return new Uint8Array(png);
  } finally {
    await browser.close();
  }
}
