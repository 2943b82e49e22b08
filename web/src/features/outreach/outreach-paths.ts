/** Where the outreach API lives. */
export const OUTREACH_API = '/api/v1/outreach';

/** The API path of a case, or of one of its lists (attempts, visits, consents, referrals). */
export function casePath(
  caseId: string,
  list?: 'attempts' | 'visits' | 'consents' | 'assign' | 'referrals' | 'referral-options',
): string {
  return `${OUTREACH_API}/cases/${encodeURIComponent(caseId)}${list ? `/${list}` : ''}`;
}
