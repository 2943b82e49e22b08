import type { Cell } from './program-outcomes-publication.js';
import type { ProgramOutcomes } from './program-outcomes-service.js';

/** Escapes text for HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Words for the codes of the vocabularies: "law_enforcement_present" reads "law enforcement present". */
function words(code: string): string {
  return /^\d+_\d+$/.test(code) ? code.replace('_', '–') : code.replaceAll('_', ' ');
}

/**
 * The funder's one-page summary as a self-contained HTML page (inline style, nothing loaded), printed
 * to PDF by Chromium: the funnel with its denominators, the hours, repeats, services, referrals and
 * the breakdowns side by side. A suppressed count reads "<k". Nothing identifies anyone.
 */
export function outcomesPage(outcomes: ProgramOutcomes): string {
  const show = (cell: Cell) => (cell.suppressed ? `&lt;${outcomes.k}` : String(cell.value));
  const of = (count: Cell, denominator: Cell) => `${show(count)} of ${show(denominator)}`;
  const hours = (value: number | null) => (value === null ? '–' : `${value} h`);
  const table = (title: string, head: string[], rows: string[][]) =>
    `<table><caption>${escapeHtml(title)}</caption><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr>${r.map((c, i) => (i === 0 ? `<th>${escapeHtml(c)}</th>` : `<td>${c}</td>`)).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
  const funnel = table(
    'The funnel',
    ['', 'Count'],
    [
      ['Eligible overdoses', show(outcomes.eligibleOverdoses)],
      ['Cases', show(outcomes.cases)],
      ['Cases attempted', show(outcomes.attempted)],
      ['People attempted', show(outcomes.peopleAttempted)],
      ['Reached', show(outcomes.reached)],
      ['Engaged', show(outcomes.engaged.total)],
      ['– directly', show(outcomes.engaged.directly)],
      ['– through their network', show(outcomes.engaged.throughNetwork)],
      ['Refused', show(outcomes.refused)],
    ],
  );
  const response = table(
    'Hours from overdose',
    ['', 'Median', '90th pct', 'Within 72 h'],
    [
      ['First attempt', outcomes.hoursToFirstAttempt],
      ['First contact', outcomes.hoursToFirstContact],
    ].map(([label, h]) => {
      const r = h as ProgramOutcomes['hoursToFirstAttempt'];
      return [label as string, hours(r.median), hours(r.p90), of(r.within72h.count, r.within72h.of)];
    }),
  );
  const repeats = table(
    'Repeat overdose',
    ['', 'Engaged', 'Not engaged'],
    outcomes.repeatOverdose.map((r) => [
      `Within ${r.days} days`,
      of(r.engaged.repeats, r.engaged.of),
      of(r.notEngaged.repeats, r.notEngaged.of),
    ]),
  );
  const services = table(
    'Services delivered (cases)',
    ['', 'Cases'],
    outcomes.servicesDelivered.map((s) => [words(s.service), show(s.cases)]),
  );
  const referrals = table(
    'Referrals',
    ['Need', 'Made', 'Attended'],
    outcomes.referrals.map((r) => [words(r.need), show(r.made), show(r.attended)]),
  );
  const breakdowns = Object.entries(outcomes.breakdowns)
    .map(([dimension, groups]) =>
      table(
        `By ${words(dimension)}`,
        ['', 'Cases', 'Reached', 'Engaged', 'Refused'],
        groups.map((g) => [words(g.group), show(g.cases), show(g.reached), show(g.engaged), show(g.refused)]),
      ),
    )
    .join('');
  const coercive = outcomes.coerciveActs
    ? table(
        'Coercive acts (counted, never listed)',
        ['', 'Count'],
        [
          ['Warrant checks', show(outcomes.coerciveActs.warrantCheck)],
          ['Arrests', show(outcomes.coerciveActs.arrest)],
          ['Commitment petitions', show(outcomes.coerciveActs.involuntaryCommitmentPetition)],
        ],
      )
    : '<p class="note">Coercive acts: the register is not connected; not counted.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(outcomes.programName)}: program outcomes</title>
<style>
@page { size: Letter; margin: 0.4in; }
body { font: 6.5pt/1.2 Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 2pt; }
p { margin: 0 0 4pt; }
.grid { columns: 3; column-gap: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 6pt; break-inside: avoid; }
caption { text-align: left; font-weight: bold; font-size: 7.5pt; padding: 2pt 0; }
th, td { border-bottom: 0.5pt solid #ccc; padding: 0.5pt 2pt; text-align: right; }
th:first-child { text-align: left; font-weight: normal; }
thead th { font-weight: bold; }
.note { color: #555; }
</style></head><body>
<h1>${escapeHtml(outcomes.programName)}: program outcomes</h1>
<p>Survivor cases whose response clock started ${escapeHtml(outcomes.from)} to ${escapeHtml(outcomes.to)}. Counts under ${outcomes.k} are suppressed (shown "&lt;${outcomes.k}"), with the counts that would reveal them. Definitions: docs/outcomes.md.</p>
<div class="grid">${funnel}${response}${repeats}${services}${referrals}${breakdowns}${coercive}</div>
</body></html>`;
}
