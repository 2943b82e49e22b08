/**
 * The SVG document every report chart is drawn in: a fixed viewBox (so the chart scales as a whole),
 * `role="img"` with a `<title>` and a `<desc>` that says in words what the chart shows, for screen
 * readers and for anyone who cannot see the picture.
 */
import { chartFont, hatchInk, ink, mutedInk, smallSize, titleSize } from './chart-style.js';
import { escapeXml } from './escape-xml.js';

export interface SvgDocument {
  width: number;
  height: number;
  title: string;
  desc: string;
  defs?: string;
  body: string;
}

export function svgDocument(document: SvgDocument): string {
  const { width, height } = document;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" role="img" font-family="${escapeXml(chartFont)}" fill="${ink}">`,
    `<title>${escapeXml(document.title)}</title>`,
    `<desc>${escapeXml(document.desc)}</desc>`,
    document.defs ? `<defs>${document.defs}</defs>` : '',
    document.body,
    '</svg>',
  ].join('');
}

/**
 * An id for something a chart defines (a pattern), unique to the chart's title: several charts share
 * one HTML page, where ids must differ, and the same chart keeps the same id from run to run.
 */
export function documentId(prefix: string, title: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < title.length; i++) hash = Math.imul(hash ^ title.charCodeAt(i), 0x01000193) >>> 0;
  return `${prefix}-${hash.toString(16).padStart(8, '0')}`;
}

/** A coordinate or length rounded to a tenth of a pixel, so output is short and the same on every run. */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** A line of text; `content` is escaped here, so callers pass plain words. */
export function svgText(
  content: string,
  x: number,
  y: number,
  options: { size: number; anchor?: 'start' | 'middle' | 'end'; bold?: boolean; fill?: string },
): string {
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const weight = options.bold ? ' font-weight="bold"' : '';
  const fill = options.fill ? ` fill="${options.fill}"` : '';
  return `<text x="${px(x)}" y="${px(y)}" font-size="${options.size}"${anchor}${weight}${fill}>${escapeXml(content)}</text>`;
}

/**
 * Diagonal hatching for suppressed figures: a pattern, not a shade, so "not shown" never reads as
 * a small value on a colour scale, in colour or in greyscale.
 */
export function hatchPattern(id: string): string {
  return (
    `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="#ffffff"/><rect width="2" height="6" fill="${hatchInk}"/></pattern>`
  );
}

/** The options every chart shares about its title. */
export interface ChartTitleOptions {
  /**
   * True when the page prints the title as a heading right above the chart: the chart then draws no
   * title of its own (it stays the SVG's `<title>` for screen readers), so it is printed once.
   */
  headed?: boolean | undefined;
}

/** The title drawn at the chart's top-left, or nothing when the page heads it; and the room it takes. */
export function chartTitle(title: string, options: ChartTitleOptions): { svg: string; height: number } {
  if (options.headed) return { svg: '', height: 6 };
  return { svg: svgText(title, 8, 20, { size: titleSize, bold: true }), height: 30 };
}

/** What a chart shows when it has nothing to draw. */
export function emptyChart(
  width: number,
  height: number,
  title: string,
  message: string,
  options: ChartTitleOptions = {},
): string {
  return svgDocument({
    width,
    height,
    title,
    desc: message,
    body:
      chartTitle(title, options).svg +
      svgText(message, width / 2, height / 2, { size: smallSize + 2, anchor: 'middle', fill: mutedInk }),
  });
}

/** A rough text width for layout, without font metrics: about 0.6 em per character, generous for most sans faces. */
export function textWidth(content: string, size: number): number {
  return content.length * size * 0.6;
}
