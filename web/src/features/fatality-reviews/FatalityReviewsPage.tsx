import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import type { Me } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { AnnualSummarySection } from './AnnualSummarySection';
import { type ReviewCandidates, type ReviewHeader, type ReviewList, words } from './fatality-review-types';
import { ReviewDetail } from './ReviewDetail';
import './fatality-reviews.css';

/** Roles that read reviews (members) or manage them; the others see the annual summary only. */
const REVIEW_ROLES = new Set(['analyst', 'outreach_coordinator', 'outreach_oversight']);

/**
 * Overdose Fatality Review: the reviews the user may see (an analyst sees all to manage them; a member
 * sees their own), opening a review of a fatal overdose, one review's members, agreement and case, and
 * the de-identified annual summary.
 */
export function FatalityReviewsPage({ me }: { me: Me }) {
  const reads = REVIEW_ROLES.has(me.role);
  const manages = me.role === 'analyst';
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const list = useApi<ReviewList>(reads ? '/api/v1/fatality-reviews?limit=100' : null, version);
  const candidates = useApi<ReviewCandidates>(
    manages ? '/api/v1/fatality-reviews/candidates' : null,
    version,
  );
  const [overdoseId, setOverdoseId] = useState('');
  const [meetingDate, setMeetingDate] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const review = await api<ReviewHeader>('/api/v1/fatality-reviews', {
        method: 'POST',
        body: JSON.stringify({ overdose_id: overdoseId, meeting_date: meetingDate || null }),
      });
      setNotice('Review opened. Sign its confidentiality agreement to read the case.');
      setOverdoseId('');
      setSelected(review.id);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="fatality-reviews">
      <h1>Fatality reviews</h1>
      <p className="muted">
        Overdose Fatality Review: a team reviews a death to find missed opportunities and recommend changes. A
        review's case (the decedent's identifiers, prior overdoses, outreach contacts) opens only to its
        members who signed its confidentiality agreement.
      </p>
      {notice && <p role="status">{notice}</p>}
      {error && <p role="alert">{error}</p>}
      {manages && (
        <form className="ofr-form" onSubmit={open} aria-label="Open a review">
          <h2>Open a review</h2>
          {candidates.data && candidates.data.overdoses.length === 0 && (
            <p className="empty-state">Every fatal overdose has a review.</p>
          )}
          <label>
            Fatal overdose{' '}
            <select value={overdoseId} onChange={(e) => setOverdoseId(e.target.value)} required>
              <option value="">Choose a fatal overdose…</option>
              {candidates.data?.overdoses.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.occurred_date} · {o.age_band ?? 'age unknown'} · {o.sex ?? 'sex unknown'} ·{' '}
                  {o.substances.map(words).join(', ') || 'no substance recorded'}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Meeting date{' '}
            <input type="date" value={meetingDate} onChange={(e) => setMeetingDate(e.target.value)} />
          </label>{' '}
          <button type="submit" disabled={overdoseId === ''}>
            Open review
          </button>
        </form>
      )}
      {reads && (
        <section aria-labelledby="ofr-list">
          <h2 id="ofr-list">Reviews</h2>
          {list.error && <p role="alert">{list.error}</p>}
          {list.data && list.data.reviews.length === 0 && (
            <p className="empty-state">
              {manages ? 'No reviews yet.' : 'You are not a member of any review yet.'}
            </p>
          )}
          {list.data && list.data.reviews.length > 0 && (
            <table className="ofr-reviews">
              <thead>
                <tr>
                  <th scope="col">Opened</th>
                  {manages && <th scope="col">Death</th>}
                  <th scope="col">Meeting</th>
                  <th scope="col">Status</th>
                  <th scope="col">Members (signed)</th>
                  <th scope="col">You</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {list.data.reviews.map((r) => (
                  <tr key={r.id} aria-current={selected === r.id ? 'true' : undefined}>
                    <td>{new Date(r.opened_at).toLocaleDateString()}</td>
                    {manages && <td>{r.died_on ?? '–'}</td>}
                    <td>{r.meeting_date ?? 'not set'}</td>
                    <td>{words(r.status)}</td>
                    <td>
                      {r.members.length} ({r.members.filter((m) => m.signed_at).length})
                    </td>
                    <td>
                      {r.you.signed ? 'signed member' : r.you.member ? 'member, not signed' : 'not a member'}
                    </td>
                    <td>
                      <button type="button" onClick={() => setSelected(r.id)}>
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {selected && (
        <ReviewDetail key={selected} reviewId={selected} onChanged={() => setVersion((v) => v + 1)} />
      )}
      <AnnualSummarySection />
    </section>
  );
}
