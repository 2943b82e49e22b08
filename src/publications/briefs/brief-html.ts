/**
 * A brief as one self-contained HTML page (inline style and SVG, nothing loaded), for the screen and
 * for Chromium's print to PDF. A heat map's cells are shaded from white to dark red by their count
 * (five steps up to the largest), with the legend under it; a hidden count reads "hidden".
 */
import type { BriefDocument, BriefSection } from './brief-document.js';

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The shading steps of a heat map, lightest first (ColorBrewer "Reds", five classes). */
export const HEAT_STEPS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'] as const;

/** The step (0-based) of a count: step i holds the counts above i/5 and up to (i+1)/5 of the largest; null for zero or hidden. */
export function heatStep(count: number | null, max: number): number | null {
  if (count === null || count <= 0 || max <= 0) return null;
  return Math.min(HEAT_STEPS.length, Math.ceil((count / max) * HEAT_STEPS.length)) - 1;
}

/** The steps a legend shows with the counts each stands for ("1–2", "3"), skipping steps no count can take. */
export function heatLegend(max: number): { step: number; label: string }[] {
  return HEAT_STEPS.flatMap((_, step) => {
    const low = Math.floor((step * max) / HEAT_STEPS.length) + 1;
    const high = Math.floor(((step + 1) * max) / HEAT_STEPS.length);
    if (low > high) return [];
    return [{ step, label: low === high ? String(high) : `${low}–${high}` }];
  });
}

function tableHtml(section: BriefSection): string {
  const table = section.table;
  if (!table) return '';
  const shade = table.shade;
  const max = shade ? Math.max(0, ...shade.flat().map((v) => v ?? 0)) : 0;
  const head = table.columns
    .map((c) => `<th scope="col"${c.align === 'right' ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`)
    .join('');
  const body = table.rows
    .map((row, r) => {
      const cells = row.cells
        .map((cell, c) => {
          if (c === 0) return `<th scope="row">${escapeHtml(cell)}</th>`;
          const step = shade ? heatStep(shade[r]?.[c - 1] ?? null, max) : null;
          const style =
            step === null ? '' : ` style="background:${HEAT_STEPS[step]};${step >= 3 ? 'color:#fff;' : ''}"`;
          const align = table.columns[c]?.align === 'right' ? ' class="num"' : '';
          return `<td${align}${style}>${escapeHtml(cell)}</td>`;
        })
        .join('');
      return `<tr${row.bold ? ' class="total"' : ''}>${cells}</tr>`;
    })
    .join('');
  const legend =
    shade && max > 0
      ? `<p class="legend" aria-label="Legend">Overdoses per cell: ${heatLegend(max)
          .map(
            ({ step, label }) =>
              `<span class="swatch" style="background:${HEAT_STEPS[step]}"></span>${escapeHtml(label)}`,
          )
          .join(' ')} <span class="swatch"></span>none</p>`
      : '';
  const footnote = table.footnote ? `<p class="footnote">${escapeHtml(table.footnote)}</p>` : '';
  return `<table class="${shade ? 'heat' : 'plain'}"><caption>${escapeHtml(table.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${legend}${footnote}`;
}

const STYLE = `
@page { size: Letter; margin: 0.5in; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 7.5in; font-size: 10pt; }
h1 { font-size: 17pt; margin: 0 0 2pt; } h2 { font-size: 12pt; margin: 12pt 0 4pt; }
.sub, .audience { color: #444; margin: 0 0 4pt; } .audience { font-weight: bold; }
.statement { border: 1.5pt solid #a50f15; padding: 6pt 8pt; margin: 8pt 0; font-size: 11pt; }
table { border-collapse: collapse; margin: 4pt 0; } caption { text-align: left; font-weight: bold; padding-bottom: 2pt; }
th, td { border: 0.5pt solid #c8c8c8; padding: 1.5pt 4pt; } thead th { background: #ececec; }
td.num, th.num { text-align: right; } tr.total { font-weight: bold; }
table.heat { font-size: 7pt; } table.heat td { text-align: center; min-width: 14pt; padding: 1pt; }
.legend, .footnote, .notes { font-size: 8pt; color: #444; } .swatch { display: inline-block; width: 10pt; height: 8pt; border: 0.5pt solid #999; margin: 0 2pt 0 6pt; vertical-align: middle; }
ul { margin: 2pt 0; padding-left: 14pt; } figure, table, h2 { break-inside: avoid; } h2 { break-after: avoid; }
.one-page { font-size: 9.5pt; } .one-page h2 { margin-top: 8pt; }
`;

/** The brief as a self-contained HTML page. */
export function briefHtml(document: BriefDocument): string {
  const sections = document.sections
    .map((s) => {
      const paragraphs = (s.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('');
      const items = s.items?.length
        ? `<ul>${s.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
        : '';
      const chart = s.svg ? `<figure>${s.svg(680, 230)}</figure>` : '';
      return `<section><h2>${escapeHtml(s.heading)}</h2>${paragraphs}${chart}${tableHtml(s)}${items}</section>`;
    })
    .join('');
  const statement = document.statement ? `<p class="statement">${escapeHtml(document.statement)}</p>` : '';
  const notes = document.notes.length
    ? `<section class="notes"><h2>Notes</h2><ul>${document.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.title)}</title><style>${STYLE}</style></head><body class="${document.onePage ? 'one-page' : 'brief'}"><header><h1>${escapeHtml(document.title)}</h1><p class="sub">${escapeHtml(document.subtitle)}</p><p class="audience">${escapeHtml(document.audience)}</p></header>${statement}${sections}${notes}<p class="notes">Made by SOS, ${escapeHtml(document.generatedAt)}.</p></body></html>`;
}
