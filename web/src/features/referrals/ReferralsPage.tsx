import { useState } from 'react';
import type { Me } from '../../shared/api-responses';
import { navigate } from '../../shared/router';
import { useApi } from '../../shared/useApi';
import { word } from '../outreach/outreach-words';
import { CapacityToday } from './CapacityToday';
import { ReferralDetail } from './ReferralDetail';
import { type IncomingReferralPage, REFERRALS_API, type ReferralStatus } from './referral-contract';
import { dayOf, HANDOFF_WORDS, STATUS_WORDS } from './referral-words';
import './referrals.css';

/** How many referrals one page lists. */
const PAGE_SIZE = 100;

/**
 * The service provider's page: the referrals sent to its organization (by status), one opened with
 * the person (shown under the survivor's consent) and the moves it may make, and its services'
 * capacity today. The address names the filter and the referral (?status=…&referral=…).
 */
export function ReferralsPage({ me, path, search }: { me: Me; path: string; search: string }) {
  const query = new URLSearchParams(search);
  const status = query.get('status') ?? '';
  const referralId = query.get('referral');
  const [version, setVersion] = useState(0);
  const list = useApi<IncomingReferralPage>(
    `${REFERRALS_API}?limit=${PAGE_SIZE}${status ? `&status=${encodeURIComponent(status)}` : ''}`,
    version,
  );
  const go = (next: { status?: string; referral?: string | null }) => {
    const params = new URLSearchParams();
    const s = next.status ?? status;
    if (s) params.set('status', s);
    const r = next.referral === undefined ? referralId : next.referral;
    if (r) params.set('referral', r);
    const q = params.toString();
    navigate(`${path}${q ? `?${q}` : ''}`, true);
  };
  const referrals = list.data?.referrals ?? [];
  return (
    <section className="referrals-page" aria-labelledby="referrals-title">
      <h1 id="referrals-title">Referrals</h1>
      <div className="referrals-layout">
        <div>
          <label className="status-filter">
            Status
            <select value={status} onChange={(e) => go({ status: e.target.value, referral: null })}>
              <option value="">All</option>
              {(Object.keys(STATUS_WORDS) as ReferralStatus[]).map((s) => (
                <option key={s} value={s}>
                  {STATUS_WORDS[s]}
                </option>
              ))}
            </select>
          </label>
          {list.error && <p role="alert">Could not read the referrals ({list.error}).</p>}
          {!list.data && !list.error && <p className="loading">Loading…</p>}
          {list.data && referrals.length === 0 && <p className="muted">No referral.</p>}
          {referrals.length > 0 && (
            <table className="referral-table">
              <caption>
                {list.data?.total ?? referrals.length} referral{list.data?.total === 1 ? '' : 's'}
                {status ? ` ${STATUS_WORDS[status as ReferralStatus]?.toLowerCase() ?? ''}` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Service and need</th>
                  <th scope="col">Handoff</th>
                  <th scope="col">Status</th>
                  <th scope="col">Referred</th>
                </tr>
              </thead>
              <tbody>
                {referrals.map((r) => {
                  const name = r.person
                    ? [r.person.first_name, r.person.last_name].filter(Boolean).join(' ')
                    : '';
                  return (
                    <tr key={r.id} aria-current={r.id === referralId ? 'true' : undefined}>
                      <td>
                        <a
                          href={`${path}?referral=${encodeURIComponent(r.id)}`}
                          onClick={(e) => {
                            e.preventDefault();
                            go({ referral: r.id });
                          }}
                        >
                          {name || 'Not shared'}
                        </a>
                      </td>
                      <td>
                        {r.service.name}
                        <br />
                        <span className="muted">{word(r.need)}</span>
                      </td>
                      <td>{HANDOFF_WORDS[r.handoff]}</td>
                      <td>
                        {STATUS_WORDS[r.status]}
                        {r.overdue_answer && <span className="badge overdue">No answer yet</span>}
                      </td>
                      <td>{dayOf(r.referred_at)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        {referralId && (
          <ReferralDetail
            key={referralId}
            referralId={referralId}
            onChanged={() => setVersion((x) => x + 1)}
            onClose={() => go({ referral: null })}
          />
        )}
      </div>
      <CapacityToday me={me} />
    </section>
  );
}
