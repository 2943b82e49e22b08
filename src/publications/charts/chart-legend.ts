/**
 * A legend laid out in rows across a chart: each entry a small sample of the mark and its words,
 * wrapping to a new row when the next entry would run past the right edge.
 */
import { labelSize } from './chart-style.js';
import { px, svgText, textWidth } from './svg-document.js';

export interface LegendEntry {
  /** The mark's sample, drawn in a 24 × 12 box whose top-left corner is (0, 0). */
  sample: string;
  label: string;
}

const sampleWidth = 24;
const rowHeight = 16;

/** The legend's markup and its height, from a top-left corner and a right edge. */
export function legendRows(
  entries: LegendEntry[],
  box: { left: number; top: number; right: number },
): { svg: string; height: number } {
  let x = box.left;
  let y = box.top;
  const parts: string[] = [];
  for (const entry of entries) {
    const width = sampleWidth + 6 + textWidth(entry.label, labelSize);
    if (x > box.left && x + width > box.right) {
      x = box.left;
      y += rowHeight;
    }
    parts.push(`<g transform="translate(${px(x)} ${px(y)})">${entry.sample}</g>`);
    parts.push(svgText(entry.label, x + sampleWidth + 6, y + 10, { size: labelSize }));
    x += width + 18;
  }
  return {
    svg: `<g class="legend">${parts.join('')}</g>`,
    height: entries.length ? y - box.top + rowHeight : 0,
  };
}
