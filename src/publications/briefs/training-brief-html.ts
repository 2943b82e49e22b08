import { escapeXml } from '../charts/escape-xml.js';
import { valueLabel } from '../weekly/report-labels.js';
import { monthYearText } from '../weekly/report-text.js';
import { type Share, type TrainingAttribute, trainingAttributes } from './training-brief-figures.js';
import type { ReferralGroup, TrainingBrief } from './training-brief-service.js';
import { shareText } from './training-myth-answers.js';

const STYLE = `
  @page { size: Letter; margin: 14mm 12mm; }
  * { box-sizing: border-box; }
  body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; margin: 0; font-size: 10.5pt; line-height: 1.35; }
  main { max-width: 190mm; margin: 0 auto; padding: 6mm 4mm; }
  header { border-bottom: 2px solid #1d3557; margin-bottom: 4mm; padding-bottom: 2mm; }
  h1 { font-size: 18pt; margin: 0; color: #1d3557; }
  h2 { font-size: 13pt; margin: 5mm 0 2mm; color: #1d3557; break-after: avoid; }
  h3 { font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }
  .meta { color: #444; margin: 1mm 0 0; }
  table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9.5pt; }
  th, td { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #dde; vertical-align: top; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
  .grid section, .myth, .law { break-inside: avoid; }
  .myth { border-left: 4px solid #e76f51; padding: 1mm 3mm; margin: 2mm 0; background: #fdf3ef; }
  .myth .claim { font-weight: 700; margin: 0; }
  .myth .claim::before { content: "Myth: "; color: #9b2c12; }
  .myth .answer { margin: 1mm 0 0; }
  .law { border: 1px solid #ccd; padding: 2mm 3mm; margin: 2mm 0; }
  .notes { color: #333; font-size: 8.5pt; border-top: 1px solid #ccd; margin-top: 4mm; padding-top: 2mm; }
  @media (max-width: 40rem) { .grid { grid-template-columns: 1fr; } }
`;

/** The heading of each person attribute. */
const ATTRIBUTE_TITLES: Record<TrainingAttribute, string> = {
  age_group: 'Age',
  sex: 'Sex',
  race: 'Race',
  ethnicity: 'Ethnicity',
};

/** Age groups in words. */
const AGE_WORDS: Record<string, string> = {
  under_25: 'Under 25',
  '65_and_over': '65 and over',
  unknown: 'Not recorded',
};

const REFERRAL_TITLES: Record<ReferralGroup['kind'], string> = {
  treatment: 'Treatment (including medication for opioid use disorder)',
  naloxone: 'Naloxone',
  harm_reduction: 'Harm reduction (syringe services, test strips)',
};

/** A count and its share with the denominator, or "hidden". */
function shareCells(share: Share): string {
  return `<td class="n">${escapeXml(share.count === null ? 'hidden' : String(share.count))}</td><td class="n">${escapeXml(shareText(share))}</td>`;
}

/** The label of a value of an attribute or a substance. */
function label(attribute: TrainingAttribute | 'substance', key: string): string {
  if (attribute === 'age_group') return AGE_WORDS[key] ?? key;
  return valueLabel(key);
}

/** "January 2025 to December 2025". */
export function briefPeriodText(from: string, to: string): string {
  return `${monthYearText(from)} to ${monthYearText(to)}`;
}

/**
 * The training brief as one self-contained page (no script, nothing loaded from elsewhere): the
 * source of its PDF. Every figure comes from the brief's suppressed figures; a hidden figure reads
 * "hidden" and its percentage is not printed.
 */
export function renderTrainingBriefHtml(brief: TrainingBrief): string {
  const f = brief.figures;
  const where = brief.scope.areaName ?? brief.jurisdiction.name;
  const title = `Training brief: who overdoses in ${where}`;
  const attributeSections = trainingAttributes
    .map((attribute) => {
      const a = f.attributes[attribute];
      const withheld = a.withheldMonths.length
        ? `<p class="meta">Left out: ${a.withheldMonths.length} month(s) with too few overdoses here or in the rest of the jurisdiction to break down safely (${a.withheldMonths.map((m) => escapeXml(monthYearText(m))).join(', ')}).</p>`
        : '';
      const rows = a.values
        .map(
          (v) => `<tr><th scope="row">${escapeXml(label(attribute, v.key))}</th>${shareCells(v.share)}</tr>`,
        )
        .join('');
      return `<section><h3>${ATTRIBUTE_TITLES[attribute]}</h3><table><thead><tr><th scope="col">Group</th><th scope="col" class="n">Overdoses</th><th scope="col" class="n">Share (of shown)</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No group can be shown for this period.</td></tr>'}</tbody></table>${withheld}</section>`;
    })
    .join('');
  const substances = f.substances
    .map((s) => `<tr><th scope="row">${escapeXml(label('substance', s.key))}</th>${shareCells(s.share)}</tr>`)
    .join('');
  const myths = brief.myths
    .map(
      (m) =>
        `<div class="myth"><p class="claim">${escapeXml(m.claim)}</p><p class="answer">${escapeXml(m.answer)}</p></div>`,
    )
    .join('');
  const laws = brief.laws
    .map(
      (law) => `<div class="law"><h3>${escapeXml(law.stateName)}</h3>
<p><strong>Who is protected:</strong></p><ul>${law.protects.map((p) => `<li>${escapeXml(p)}</li>`).join('')}</ul>
<p><strong>What it does not do:</strong></p><ul>${law.limits.map((p) => `<li>${escapeXml(p)}</li>`).join('')}</ul>
<p class="meta">Statutes: ${law.citations.map(escapeXml).join('; ')}. Summary last reviewed ${escapeXml(law.lastReviewed)}. A plain-language summary for training, not legal advice.</p></div>`,
    )
    .join('');
  const lawNote = !brief.statesKnown
    ? '<p>The state of this jurisdiction is not known (no map layer places it), so no Good Samaritan law is shown. Ask your legal adviser for the law that applies.</p>'
    : brief.statesWithoutLaw.length
      ? `<p>No summary is kept yet for: ${brief.statesWithoutLaw.map(escapeXml).join(', ')}.</p>`
      : '';
  const referrals = brief.referrals
    .map(
      (g) =>
        `<section><h3>${escapeXml(REFERRAL_TITLES[g.kind])}</h3>${
          g.services.length
            ? `<ul>${g.services
                .map(
                  (s) =>
                    `<li><strong>${escapeXml(s.name)}</strong> (${escapeXml(s.organization)})${s.phone ? `, ${escapeXml(s.phone)}` : ''}${s.address ? `, ${escapeXml(s.address)}` : ''}</li>`,
                )
                .join('')}</ul>`
            : '<p>No service of this kind is in the directory yet.</p>'
        }</section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeXml(title)}</title><style>${STYLE}</style></head>
<body><main>
<header><h1>${escapeXml(title)}</h1><p class="meta">${escapeXml(briefPeriodText(brief.from, brief.to))} · for officers and first responders · made ${escapeXml(brief.madeOn)} · partner data (T1): do not post publicly</p></header>
<h2>The overdoses</h2>
<table><thead><tr><th scope="col">Figure</th><th scope="col" class="n">Overdoses</th><th scope="col" class="n">Share</th></tr></thead><tbody>
<tr><th scope="row">Suspected overdoses</th><td class="n">${escapeXml(f.total === null ? 'hidden' : String(f.total))}</td><td class="n"></td></tr>
<tr><th scope="row">Fatal</th>${shareCells(f.fatal)}</tr>
<tr><th scope="row">Naloxone given (by anyone: bystander, police or EMS)</th>${shareCells(f.naloxoneGiven)}</tr>
</tbody></table>
<p class="meta">Whether naloxone was given before EMS arrived, and the kind of place (home, street, vehicle), are not recorded in the reports SOS receives.</p>
<h2>Who overdoses here</h2>
<div class="grid">${attributeSections}</div>
<h2>Substances involved</h2>
<table><thead><tr><th scope="col">Substance</th><th scope="col" class="n">Overdoses</th><th scope="col" class="n">Share</th></tr></thead><tbody>${substances}</tbody></table>
<p class="meta">An overdose may involve several substances, so the shares add up to more than 100%.</p>
<h2>Myths against figures</h2>
${myths}
<h2>Good Samaritan law</h2>
${laws}${lawNote}
<h2>Where to refer people</h2>
<div class="grid">${referrals}<section><h3>Crisis line</h3><p><strong>${escapeXml(brief.crisisLine.name)}</strong>: ${escapeXml(brief.crisisLine.text)}</p></section></div>
<div class="notes"><p>Counts from 1 to ${f.k - 1} read “hidden”, and so do some larger counts that would reveal them. Breakdowns by age, sex, race and ethnicity leave out months with fewer than ${f.k} overdoses here or in the rest of the jurisdiction, so their shares are of the months shown. Every share names its denominator. The figures are also offered as figures.json for <code>sos suppression check</code>.</p></div>
</main></body></html>`;
}
