import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import {
  type Agreement,
  type EligibleMembers,
  type ReviewHeader,
  when,
  words,
} from './fatality-review-types';
import { ReviewCaseView } from './ReviewCaseView';

/**
 * One review: its members and their agreements; for an analyst who manages reviews, the meeting, the
 * status and enrolment; for a member, the agreement to sign; for a signed member, the case.
 */
export function ReviewDetail({ reviewId, onChanged }: { reviewId: string; onChanged: () => void }) {
  const [version, setVersion] = useState(0);
  const header = useApi<ReviewHeader>(`/api/v1/fatality-reviews/${reviewId}`, version);
  const h = header.data;
  const eligible = useApi<EligibleMembers>(
    h?.you.manages ? '/api/v1/fatality-reviews/eligible-members' : null,
  );
  const agreement = useApi<Agreement>(
    h?.you.member && !h.you.signed ? '/api/v1/fatality-reviews/agreement' : null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [enrol, setEnrol] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [signedName, setSignedName] = useState('');

  const send = async (path: string, method: string, body: unknown, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await api(`/api/v1/fatality-reviews/${reviewId}${path}`, { method, body: JSON.stringify(body) });
      setNotice(done);
      setVersion((v) => v + 1);
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const sign = (event: FormEvent) => {
    event.preventDefault();
    if (!agreement.data) return;
    void send(
      '/agreements',
      'POST',
      { signed_name: signedName, agreement_version: agreement.data.version, accepted: true },
      'Agreement signed: the case is open to you.',
    );
  };

  if (header.error) return <p role="alert">{header.error}</p>;
  if (!h) return <p className="muted">Loading the review…</p>;
  const members = new Set(h.members.map((m) => m.user_id));
  const candidates = (eligible.data?.users ?? []).filter((u) => !members.has(u.id));
  return (
    <article className="ofr-review" aria-label="Review">
      <h2>Review {h.died_on ? `of the death on ${h.died_on}` : ''}</h2>
      {notice && <p role="status">{notice}</p>}
      {error && <p role="alert">{error}</p>}
      <dl className="ofr-facts">
        <dt>Status</dt>
        <dd>{words(h.status)}</dd>
        <dt>Meeting</dt>
        <dd>{h.meeting_date ?? 'not set'}</dd>
        <dt>Chair</dt>
        <dd>{h.chair ?? 'unknown'}</dd>
      </dl>
      {h.you.manages && (
        <p className="ofr-form">
          <label>
            Status{' '}
            <select
              value={h.status}
              onChange={(e) => void send('', 'PATCH', { status: e.target.value }, 'Status changed.')}
            >
              {['scheduled', 'in_review', 'closed'].map((s) => (
                <option key={s} value={s}>
                  {words(s)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Meeting date{' '}
            <input
              type="date"
              value={h.meeting_date ?? ''}
              onChange={(e) =>
                void send('', 'PATCH', { meeting_date: e.target.value || null }, 'Meeting date changed.')
              }
            />
          </label>
        </p>
      )}
      <h3>Members</h3>
      <table className="ofr-members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Confidentiality agreement</th>
          </tr>
        </thead>
        <tbody>
          {h.members.map((m) => (
            <tr key={m.user_id}>
              <td>{m.name ?? 'unknown'}</td>
              <td>{m.role ? words(m.role) : 'disabled'}</td>
              <td>
                {m.signed_at ? `signed ${when(m.signed_at)} (version ${m.agreement_version})` : 'not signed'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {h.you.manages && (
        <p className="ofr-form">
          <label>
            Enrol{' '}
            <select value={enrol} onChange={(e) => setEnrol(e.target.value)}>
              <option value="">Choose a member…</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({words(u.role)})
                </option>
              ))}
            </select>
          </label>{' '}
          <button
            type="button"
            disabled={enrol === ''}
            onClick={() => {
              void send('/members', 'POST', { user_id: enrol }, 'Member enrolled.');
              setEnrol('');
            }}
          >
            Enrol member
          </button>
        </p>
      )}
      {h.you.member && !h.you.signed && agreement.data && (
        <form className="ofr-agreement" onSubmit={sign}>
          <h3>Confidentiality agreement (version {agreement.data.version})</h3>
          {agreement.data.text.split('\n\n').map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          <label className="inline">
            <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} /> I
            have read and accept this agreement
          </label>
          <label>
            Type your full name to sign{' '}
            <input value={signedName} onChange={(e) => setSignedName(e.target.value)} autoComplete="name" />
          </label>
          <button type="submit" disabled={!accepted || signedName.trim().length < 2}>
            Sign the agreement
          </button>
        </form>
      )}
      {!h.you.member && (
        <p className="muted">
          You manage this review but are not a member: its case opens only to members who signed its
          confidentiality agreement.
        </p>
      )}
      {h.you.signed && <ReviewCaseView reviewId={reviewId} />}
    </article>
  );
}
