import { createHash } from 'node:crypto';

/**
 * The confidentiality agreement a member signs before reading a review's case: versioned text, as data.
 * A signature records the version and the SHA-256 of the text shown, so a later edit of the words is a
 * new version and never changes what someone signed.
 */
export const confidentialityAgreement = {
  version: '2026-1',
  text: [
    'I take part in this Overdose Fatality Review to prevent future deaths.',
    'What I learn in the review about the person who died, their family and the services they met is confidential: I will not disclose it outside the review team, copy it, or use it for any other purpose (no law enforcement action, no employment or benefits decision).',
    'I will discuss the case only in review meetings and in the review workspace, and I will not take identifying information out of them.',
    'Findings and recommendations leave the review only in de-identified form, in the annual summary.',
    'I understand that every read of the case is recorded in the audit trail.',
  ].join('\n\n'),
} as const;

/** The SHA-256 (hex) of an agreement text: what a signature points at. */
export function agreementTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
