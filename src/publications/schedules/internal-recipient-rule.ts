/**
 * Who may receive an internal (analyst-tier, T2) report: an active analyst of the jurisdiction, by
 * email, or an address whose domain is exactly one the jurisdiction's analysts allowlisted. Pure.
 */

/** What the rule is decided from: the analysts' emails and the allowlisted domains, both lower case. */
export interface InternalRecipientRule {
  analystEmails: ReadonlySet<string>;
  domains: readonly string[];
}

/** A recipient the rule refuses, and why, in words a manager can act on. */
export interface RefusedRecipient {
  recipient: string;
  reason: string;
}

/** A domain as stored and compared: trimmed, lower case, without a trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** The domain of an email address: what follows its last "@", normalized ("" when there is none). */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : normalizeDomain(email.slice(at + 1));
}

/**
 * The recipients the rule refuses, in the order given. The domain must equal an allowlisted one:
 * no wildcards and no subdomains, so "health.example.gov" does not let in
 * "a@evil.health.example.gov.attacker.com" nor "a@sub.health.example.gov".
 */
export function refusedInternalRecipients(
  recipients: readonly string[],
  rule: InternalRecipientRule,
): RefusedRecipient[] {
  const domains = new Set(rule.domains.map(normalizeDomain));
  return recipients
    .filter((r) => !rule.analystEmails.has(r.trim().toLowerCase()) && !domains.has(domainOf(r)))
    .map((recipient) => ({
      recipient,
      reason: `${recipient} is not an active analyst of the jurisdiction, and its domain is not one of the jurisdiction's internal report domains`,
    }));
}
