import { useCallback, useState } from 'react';
import { api } from '../../shared/api';
import type { LinkageReview, LinkageReviews, OverdoseRecordView } from '../../shared/api-responses';
import { label } from '../../shared/series';
import { useApi } from '../../shared/useApi';
import { OverdoseFacts } from './OverdoseFacts';

/** One side of a pair: the overdose as the record view reads it (gone once merged away). */
function PairSide({ title, overdoseId, version }: { title: string; overdoseId: string; version: number }) {
  const overdose = useApi<OverdoseRecordView>(`/api/v1/overdoses/${overdoseId}`, version);
  return (
    <section className="pair-side" aria-label={title}>
      <h3>{title}</h3>
      {overdose.data ? (
        <OverdoseFacts overdose={overdose.data} />
      ) : (
        <p className="muted">{overdose.error ?? 'Loading…'}</p>
      )}
    </section>
  );
}

/** A pending pair side by side with the reasons it was queued, and Confirm / Reject. */
function PendingPair({
  review,
  version,
  onDecide,
  busy,
}: {
  review: LinkageReview;
  version: number;
  onDecide: (review: LinkageReview, action: 'confirmed' | 'rejected') => void;
  busy: boolean;
}) {
  return (
    <li className="review-pair">
      <div className="grid-2">
        <PairSide title="New report" overdoseId={review.report_overdose_id} version={version} />
        <PairSide title="Possible match" overdoseId={review.candidate_overdose_id} version={version} />
      </div>
      <p>
        Score <strong>{review.score.toFixed(2)}</strong>, queued{' '}
        {new Date(review.created_at).toLocaleString()}
      </p>
      <ul className="reasons">
        {review.reasons.map((r) => (
          <li key={r.criterion}>
            <strong>{label(r.criterion)}</strong>: {r.detail}
          </li>
        ))}
      </ul>
      <p className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => onDecide(review, 'confirmed')}
        >
          Confirm: same overdose
        </button>{' '}
        <button type="button" disabled={busy} onClick={() => onDecide(review, 'rejected')}>
          Reject: different overdoses
        </button>
      </p>
    </li>
  );
}

/**
 * The linkage review queue for analysts: each pending pair side by side with the reasons, Confirm
 * (one overdose from then on) or Reject; decided pairs below with Undo (a confirmed one is split back).
 */
export function LinkagePage() {
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const pending = useApi<LinkageReviews>('/api/v1/linkage/reviews?status=pending', version);
  const confirmed = useApi<LinkageReviews>('/api/v1/linkage/reviews?status=confirmed', version);
  const rejected = useApi<LinkageReviews>('/api/v1/linkage/reviews?status=rejected', version);

  const act = useCallback(async (path: string, body: object | undefined, done: string) => {
    setBusy(true);
    try {
      await api(path, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });
      setMessage({ text: done, error: false });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  }, []);
  const decide = (review: LinkageReview, decision: 'confirmed' | 'rejected') =>
    act(
      `/api/v1/linkage/reviews/${review.id}/decision`,
      { decision },
      decision === 'confirmed' ? 'Confirmed: the two are one overdose now.' : 'Rejected: kept apart.',
    );
  const undo = (review: LinkageReview) =>
    act(
      `/api/v1/linkage/reviews/${review.id}/undo`,
      undefined,
      review.status === 'confirmed' ? 'Undone: split back into two overdoses.' : 'Undone: back in the queue.',
    );
  const decided = [...(confirmed.data?.reviews ?? []), ...(rejected.data?.reviews ?? [])].sort((a, b) =>
    (b.decided_at ?? '').localeCompare(a.decided_at ?? ''),
  );

  return (
    <section className="linkage">
      <h1>Linkage review</h1>
      <p className="muted">
        Reports from different sources that may describe the same overdose, near misses of the automatic rule.
        Confirm to count them once; reject to keep them apart. Every decision can be undone.
      </p>
      <p role="status" className={message?.error ? 'error' : 'muted'}>
        {message?.text ?? ''}
      </p>
      <h2>Pending ({pending.data?.reviews.length ?? '…'})</h2>
      {pending.error && <p role="alert">{pending.error}</p>}
      {pending.data && pending.data.reviews.length === 0 && <p className="muted">Nothing to review.</p>}
      <ul className="review-list">
        {(pending.data?.reviews ?? []).map((r) => (
          <PendingPair key={r.id} review={r} version={version} onDecide={decide} busy={busy} />
        ))}
      </ul>
      <h2>Decided</h2>
      {decided.length === 0 ? (
        <p className="muted">No decisions yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col">When</th>
              <th scope="col">Score</th>
              <th scope="col">Reasons</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {decided.map((r) => (
              <tr key={r.id}>
                <td>{label(r.status)}</td>
                <td>{r.decided_at ? new Date(r.decided_at).toLocaleString() : ''}</td>
                <td>{r.score.toFixed(2)}</td>
                <td>{r.reasons.map((reason) => reason.detail).join('; ')}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => undo(r)}>
                    Undo
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
