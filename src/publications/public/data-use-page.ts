import { roleTier } from '../../access/policy.js';
import { type Role, roles, type Tier } from '../../access/roles.js';
import type { PublicAgreement } from '../../access/sharing-agreements/sharing-agreement-presenter.js';
import type { ReportFieldName } from '../../intake/report-fields.js';
import { reportFields } from '../../intake/report-fields.js';
import { escapeXml } from '../charts/escape-xml.js';
import { groupDigits } from '../weekly/report-text.js';
import { type DataUseLanguage, dataUseWords } from './data-use-words.js';
import { page } from './public-page.js';

/** Each role in plain English words (the page's English role list). */
export const roleWords = dataUseWords.en.roles;

/** The roles whose highest tier is `tier`, in the policy's order: read from `roleTier`, so the page cannot drift. */
export function rolesOfTier(tier: Tier): Role[] {
  return roles.filter((role) => roleTier[role] === tier);
}

/** What the page shows of a jurisdiction, gathered by the public service. */
export interface DataUseFacts {
  jurisdiction: { shortName: string; name: string };
  k: number;
  minPopulation: number;
  /** Who answers questions and reaches the community advisory board (the jurisdiction's privacy contact). */
  contactEmail: string | null;
  agreements: readonly PublicAgreement[];
  retentions: readonly { name: string; retentionDays: number }[];
}

const TIERS: readonly Tier[] = ['T0', 'T1', 'T2', 'T3'];

/**
 * The public page "How your data is used": what is collected, who sees what (the tiers, with the
 * roles of each read from the policy), the public sharing agreements, how long data is kept, how small
 * counts are hidden, and whom to write to. Short sentences for a reader at about an 8th-grade level,
 * in English or Spanish; server-rendered with no script, like the rest of the public dashboard.
 */
export function renderDataUsePage(facts: DataUseFacts, language: DataUseLanguage = 'en'): string {
  const w = dataUseWords[language];
  const base = `/public/${encodeURIComponent(facts.jurisdiction.shortName)}`;
  const fields = [...new Set(reportFields.map((f) => w.fields[f.name as ReportFieldName]))]
    .map((words) => `<li>${escapeXml(words)}</li>`)
    .join('');
  const tiers = TIERS.map((tier) => {
    const words = w.tiers[tier];
    const who = [...(tier === 'T0' ? [w.anyone] : []), ...rolesOfTier(tier).map((role) => w.roles[role])];
    return `<section class="tier" id="tier-${tier}" aria-labelledby="tier-${tier}-title"><h3 id="tier-${tier}-title">${escapeXml(`${words.name} (${tier})`)}</h3>
<p>${escapeXml(words.holds)} ${escapeXml(words.rule)}</p>
<p>${escapeXml(w.whoCanSee)}</p><ul>${who.map((x) => `<li>${escapeXml(x)}</li>`).join('')}</ul></section>`;
  }).join('\n');
  const agreements = facts.agreements.length
    ? `<ul>${facts.agreements.map((a) => `<li>${escapeXml(a.title)}: ${escapeXml(a.parties.join('; '))}${a.in_force ? '' : escapeXml(w.notInForce)}</li>`).join('')}</ul>`
    : `<p>${escapeXml(w.noAgreement)}</p>`;
  const retentions = facts.retentions.length
    ? `<ul>${facts.retentions.map((r) => `<li>${escapeXml(r.name)}: ${escapeXml(w.keptDays(groupDigits(r.retentionDays)))}</li>`).join('')}</ul>`
    : `<p>${escapeXml(w.noProgram)}</p>`;
  const contact = facts.contactEmail
    ? `<p>${escapeXml(w.contact)} <a href="mailto:${escapeXml(facts.contactEmail)}">${escapeXml(facts.contactEmail)}</a>.</p>`
    : `<p>${escapeXml(w.noContact)}</p>`;
  const other = w.otherLanguage;
  // The page's chrome (header, skip link) is English; the content says its own language.
  const body = `<div lang="${language}">
<p><a href="${base}">${escapeXml(w.back)}</a> · <a href="${base}/data-use?lang=${other.lang}" lang="${other.lang}" hreflang="${other.lang}">${escapeXml(other.label)}</a></p>
<p class="lead">${escapeXml(w.lead)}</p>
<h2>${escapeXml(w.collectedTitle)}</h2>
<p>${escapeXml(w.collectedIntro)}</p>
<ul>${fields}</ul>
<p>${escapeXml(w.names)}</p>
<h2>${escapeXml(w.whoTitle)}</h2>
<p>${escapeXml(w.whoIntro)}</p>
${tiers}
<h2>${escapeXml(w.agreementsTitle)}</h2>
<p>${escapeXml(w.agreementsIntro)}</p>
${agreements}
<p><a href="${base}/agreements">${escapeXml(w.readAgreements)}</a></p>
<h2>${escapeXml(w.keptTitle)}</h2>
<p>${escapeXml(w.keptIntro)}</p>
${retentions}
<h2>${escapeXml(w.hiddenTitle)}</h2>
<p>${escapeXml(w.hidden(facts.k, groupDigits(facts.minPopulation)))} <a href="${base}/methodology">${escapeXml(w.howMade)}</a>.</p>
<h2>${escapeXml(w.contactTitle)}</h2>
${contact}
</div>`;
  return page(`${facts.jurisdiction.name}: ${w.title}`, body);
}
