import type { PublicAgreement } from '../../access/sharing-agreements/sharing-agreement-presenter.js';
import { escapeXml } from '../charts/escape-xml.js';
import { page } from './public-page.js';

/** The agreement vocabulary in words for the public. */
const CATEGORY_WORDS: Record<PublicAgreement['data_categories'][number], string> = {
  identifiable_outreach: 'identifiable outreach records (with the person’s consent)',
  referral_details: 'details of referrals to services',
  part2_records: 'substance use treatment records protected by 42 CFR Part 2',
  line_level_overdoses: 'de-identified overdose records',
  partner_aggregates: 'area-level counts for partners',
};

/** The term of an agreement in words. */
function termText(a: PublicAgreement): string {
  return a.ends_on ? `${a.starts_on} to ${a.ends_on}` : `from ${a.starts_on}, until ended`;
}

/**
 * The public page of a jurisdiction's public sharing agreements: the memoranda between programs and
 * organizations, as the guidance asks that they be public, each with its parties, purpose, data, legal
 * basis, term and signed document.
 */
export function renderPublicAgreements(
  jurisdiction: { short_name: string; name: string },
  agreements: readonly PublicAgreement[],
): string {
  const base = `/public/${encodeURIComponent(jurisdiction.short_name)}`;
  const items = agreements
    .map(
      (a) => `<article><h2>${escapeXml(a.title)}</h2><dl>
<dt>Between</dt><dd>${a.parties.map(escapeXml).join('; ')}</dd>
<dt>Purpose</dt><dd>${escapeXml(a.purpose)}</dd>
<dt>Data shared</dt><dd><ul>${a.data_categories.map((c) => `<li>${escapeXml(CATEGORY_WORDS[c])}</li>`).join('')}</ul></dd>
<dt>Legal basis</dt><dd>${escapeXml(a.legal_basis)}</dd>
<dt>Term</dt><dd>${escapeXml(termText(a))}${a.in_force ? ' (in force)' : ' (not in force)'}</dd>
${a.document ? `<dt>Signed document</dt><dd><a href="${escapeXml(a.document.url)}">${escapeXml(a.document.name)}</a> (SHA-256 <code>${escapeXml(a.document.sha256)}</code>)</dd>` : ''}
</dl></article>`,
    )
    .join('\n');
  const body = `<p><a href="${base}">Back to the figures</a></p>
<p class="lead">Identifiable data leaves an outreach program only with the person’s consent and under a sharing agreement. These are the agreements made public.</p>
${items || '<p>No sharing agreement is published.</p>'}`;
  return page(`${jurisdiction.name}: data sharing agreements`, body);
}
