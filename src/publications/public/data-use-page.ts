import { roleTier } from '../../access/policy.js';
import { type Role, roles, type Tier } from '../../access/roles.js';
import type { PublicAgreement } from '../../access/sharing-agreements/sharing-agreement-presenter.js';
import type { ReportFieldName } from '../../intake/report-fields.js';
import { reportFields } from '../../intake/report-fields.js';
import { escapeXml } from '../charts/escape-xml.js';
import { groupDigits } from '../weekly/report-text.js';
import { page } from './public-page.js';

/** Each role in plain words. A new role fails to compile until it has its words here. */
export const roleWords: Record<Role, string> = {
  administrator: 'System administrators (they set up accounts and settings, not case details)',
  analyst: 'Public health analysts (epidemiologists) at the health department',
  outreach_coordinator: 'Outreach coordinators, for the people their own program is helping',
  outreach_worker: 'Outreach workers, only for the people assigned to them',
  public_safety_analyst: 'Police and sheriff analysts',
  harm_reduction_partner: 'Harm reduction programs',
  submitter:
    'Agencies that send reports (EMS, fire, police, hospitals, medical examiner), for their own reports',
  service_provider: 'Treatment and service providers, only for people referred to them who agreed to share',
  outreach_oversight: 'The oversight office that checks outreach programs follow the rules',
};

/** Each tier in plain words: what it holds and the rule that protects it. */
export const tierWords: Record<Tier, { name: string; holds: string; rule: string }> = {
  T0: {
    name: 'Public',
    holds: 'Counts by week or month and by large areas.',
    rule: 'Small counts are hidden. No exact places and no exact dates.',
  },
  T1: {
    name: 'Partners',
    holds: 'Counts by day and by area, spike alerts, and briefs.',
    rule: 'No single overdose is shown. Counts by age, sex, race or ethnicity are shown only where there were enough overdoses.',
  },
  T2: {
    name: 'Public health analysts',
    holds: 'Each overdose without names: when, where, what substances, age group and outcome.',
    rule: 'Only for public health work. Every export is logged.',
  },
  T3: {
    name: 'Identifiable',
    holds: 'Names and contact details of people who overdosed, and outreach records.',
    rule: 'Only the outreach program helping the person, for that help. The person’s consent is needed to share. Every look is logged.',
  },
};

/** Each report field in plain words. A new field fails to compile until it has its words here. */
const fieldWords: Record<ReportFieldName, string> = {
  source_record_id: 'the sending agency’s own number for its report',
  source_type: 'what kind of agency sent it (EMS, police, hospital, medical examiner…)',
  occurred_at: 'when the overdose happened',
  latitude: 'where it happened (a map point)',
  longitude: 'where it happened (a map point)',
  address: 'the street address, if the agency sent one',
  zip: 'the ZIP code',
  city: 'the town or city',
  county_fips: 'the county',
  fatal: 'whether the person died',
  naloxone_given: 'whether naloxone (Narcan) was given',
  naloxone_doses: 'how many doses of naloxone',
  naloxone_response: 'whether the person responded to naloxone',
  age: 'age',
  age_band: 'age group',
  sex: 'sex',
  race: 'race',
  ethnicity: 'ethnicity (Hispanic or not)',
  substances: 'which drugs were involved, if known',
  disposition: 'what happened next (taken to hospital, refused transport…)',
  narrative: 'the responder’s notes (kept only as received, never shown on dashboards)',
  responding_unit: 'which unit responded (used only to offer support to responders after hard calls)',
  source_definitions: 'which standard overdose definitions the agency says the report meets',
  definition_reasons: 'why it meets them (codes, not names)',
};

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
 * counts are hidden, and whom to write to. Short sentences for a reader at about an 8th-grade level;
 * server-rendered with no script, like the rest of the public dashboard.
 */
export function renderDataUsePage(facts: DataUseFacts): string {
  const base = `/public/${encodeURIComponent(facts.jurisdiction.shortName)}`;
  const fields = [...new Set(reportFields.map((f) => fieldWords[f.name as ReportFieldName]))]
    .map((words) => `<li>${escapeXml(words)}</li>`)
    .join('');
  const tiers = TIERS.map((tier) => {
    const words = tierWords[tier];
    const who = [
      ...(tier === 'T0' ? ['Anyone, with no login'] : []),
      ...rolesOfTier(tier).map((role) => roleWords[role]),
    ];
    return `<section class="tier" id="tier-${tier}" aria-labelledby="tier-${tier}-title"><h3 id="tier-${tier}-title">${escapeXml(`${words.name} (${tier})`)}</h3>
<p>${escapeXml(words.holds)} ${escapeXml(words.rule)}</p>
<p>Who can see this level:</p><ul>${who.map((w) => `<li>${escapeXml(w)}</li>`).join('')}</ul></section>`;
  }).join('\n');
  const agreements = facts.agreements.length
    ? `<ul>${facts.agreements.map((a) => `<li>${escapeXml(a.title)}: ${escapeXml(a.parties.join('; '))}${a.in_force ? '' : ' (not in force)'}</li>`).join('')}</ul>`
    : '<p>No sharing agreement is published yet.</p>';
  const retentions = facts.retentions.length
    ? `<ul>${facts.retentions.map((r) => `<li>${escapeXml(r.name)}: ${groupDigits(r.retentionDays)} days after the case closes.</li>`).join('')}</ul>`
    : '<p>No outreach program is set up here yet.</p>';
  const contact = facts.contactEmail
    ? `<p>Questions about your data, or to reach the community advisory board, write to <a href="mailto:${escapeXml(facts.contactEmail)}">${escapeXml(facts.contactEmail)}</a>.</p>`
    : '<p>This health department has not named a contact for questions about data yet.</p>';
  const body = `
<p><a href="${base}">Back to the figures</a></p>
<p class="lead">This page explains what overdose data the health department collects, who can see it, and how it is protected.</p>
<h2>What is collected</h2>
<p>When someone may have overdosed, agencies like EMS, police, hospitals and the medical examiner send a report. A report can include:</p>
<ul>${fields}</ul>
<p>A report may also name the person (name, birth date, phone). Names are locked away apart from everything else. Only an outreach program that is helping that person can open them.</p>
<h2>Who sees what</h2>
<p>Data is kept at four levels. Each person who logs in has one role. The lists below show the most private level each role can reach. Even there, a role sees only what its job needs: an outreach worker sees only the people assigned to them. Police and sheriff analysts never see names or outreach records.</p>
${tiers}
<h2>Sharing agreements</h2>
<p>Data about a person leaves an outreach program only with that person’s consent and under a written agreement. These agreements are public:</p>
${agreements}
<p><a href="${base}/agreements">Read the full agreements</a></p>
<h2>How long data is kept</h2>
<p>Outreach programs remove a person’s name and notes from a closed case after a set time:</p>
${retentions}
<h2>How small numbers are hidden</h2>
<p>On public pages, any count from 1 to ${facts.k - 1} is shown as “hidden”. This is so nobody can be recognized from a small number. Some bigger counts are hidden too, so that the small ones cannot be worked out by subtracting. Areas shown to the public have at least ${groupDigits(facts.minPopulation)} people living in them. <a href="${base}/methodology">How the figures are made</a>.</p>
<h2>Contact</h2>
${contact}`;
  return page(`${facts.jurisdiction.name}: how your data is used`, body);
}
