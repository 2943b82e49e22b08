import { escapeXml } from '../charts/escape-xml.js';
import type { AnnouncementContent } from './announcement-content.js';

/** How the one announcement page is laid out: a printable Letter page, or a 1080x1080 square for social media. */
export type AnnouncementLayout = 'page' | 'square';

/** The square image's side, in CSS pixels (one device pixel each). */
export const SQUARE_SIDE = 1080;

// One document for both outputs: the square keeps the title, the figures and the 988 line and leaves
// the paragraphs out, by style alone, so the image never says anything the printed page does not.
const style = `
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1a1a1a;background:#fff}
main{padding:40px 48px}
h1{font-size:28px;line-height:1.25;margin:0 0 20px;color:#0b3d5c}
h2{font-size:18px;margin:22px 0 8px;color:#0b3d5c}
p{font-size:15px;line-height:1.5;margin:0 0 12px}
.figures{display:flex;gap:14px;margin:8px 0 6px}
.figure{flex:1;border:2px solid #0b3d5c;border-radius:8px;padding:10px 12px}
.figure .value{display:block;font-size:26px;font-weight:700}
.figure .label{display:block;font-size:13px}
.note{font-size:12px;color:#555}
.message{border-left:5px solid #c05a00;padding:6px 14px;background:#fff6ec}
ul.links{list-style:none;padding:0;margin:0}
ul.links li{font-size:15px;margin:0 0 8px}
.links .kind{font-weight:700}
footer{margin-top:20px;font-size:12px;color:#555}
@page{size:Letter;margin:0.5in}
@media print{main{padding:0}}
html[data-layout=square] body{width:${SQUARE_SIDE}px;height:${SQUARE_SIDE}px;overflow:hidden;background:#0b3d5c}
html[data-layout=square] main{margin:48px;height:${SQUARE_SIDE - 96}px;padding:56px;background:#fff;border-radius:24px;display:flex;flex-direction:column}
html[data-layout=square] h1{font-size:54px}
html[data-layout=square] .paragraphs,html[data-layout=square] .message-section,html[data-layout=square] .links li.service,html[data-layout=square] h2.help,html[data-layout=square] h2.numbers{display:none}
html[data-layout=square] .figures{flex-direction:column;gap:18px}
html[data-layout=square] .figure{border-width:4px;padding:16px 24px}
html[data-layout=square] .figure .value{font-size:58px}
html[data-layout=square] .figure .label{font-size:26px}
html[data-layout=square] .note{font-size:20px}
html[data-layout=square] ul.links{margin-top:auto}
html[data-layout=square] ul.links li{font-size:34px;font-weight:700;color:#0b3d5c}
html[data-layout=square] footer{font-size:20px}
`;

/** An announcement as a self-contained HTML page (inline style, nothing fetched): the source of its PDF and image. */
export function renderAnnouncementHtml(
  content: AnnouncementContent,
  context: { jurisdictionName: string; layout: AnnouncementLayout },
): string {
  const e = escapeXml;
  const figures = content.figures
    .map(
      (f) =>
        `<div class="figure${f.hidden ? ' hidden' : ''}"><span class="value">${e(f.value)}</span><span class="label">${e(f.label)}</span></div>`,
    )
    .join('');
  const links = content.links
    .map((link) => {
      const cls = link.kind === 'crisis_line' ? 'crisis-line' : 'service';
      const name = link.kind === 'crisis_line' ? '' : ` ${e(link.name)}`;
      const detail = link.detail ? `: ${e(link.detail)}` : '';
      const url = link.url ? ` <span class="url">${e(link.url)}</span>` : '';
      return `<li class="${cls}"><span class="kind">${e(link.label)}</span>${name}${detail}${url}</li>`;
    })
    .join('');
  const message = content.message
    ? `<section class="message-section"><h2>${e(content.messageHeading ?? '')}</h2><p class="message">${e(content.message)}</p></section>`
    : '';
  return `<!doctype html>
<html lang="${e(content.language)}" data-layout="${context.layout}">
<head><meta charset="utf-8"><title>${e(content.title)}</title><style>${style}</style></head>
<body><main>
<h1>${e(content.title)}</h1>
<h2 class="numbers">${e(content.figuresHeading)}</h2>
<div class="figures">${figures}</div>
<p class="note">${e(content.figuresNote)}</p>
<div class="paragraphs">${content.paragraphs.map((p) => `<p>${e(p)}</p>`).join('')}</div>
${message}
<h2 class="help">${e(content.helpHeading)}</h2>
<ul class="links">${links}</ul>
<footer>${e(context.jurisdictionName)}</footer>
</main></body></html>
`;
}
