import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import { word } from '../outreach/outreach-words';
import { type IncomingReferral, REFERRALS_API } from './referral-contract';
import { type ReceiverMove, receiverMoves } from './referral-moves';
import { dayOf, HANDOFF_WORDS, momentWords, STATUS_WORDS } from './referral-words';

/** Who moved a referral, in words. */
const BY: Record<IncomingReferral['history'][number]['by'], string> = {
  referrer: 'the outreach program',
  receiver: 'your organization',
  system: 'SOS',
};

/** Today on this device, YYYY-MM-DD (the first attended day defaults to it). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * One referral sent to the organization: the person (only under the survivor's consent naming it),
 * what is asked, the worker's note, its history, and the moves the organization may make from here.
 */
export function ReferralDetail({
  referralId,
  onChanged,
  onClose,
}: {
  referralId: string;
  onChanged: () => void;
  onClose: () => void;
}) {
  const [version, setVersion] = useState(0);
  const read = useApi<IncomingReferral>(`${REFERRALS_API}/${encodeURIComponent(referralId)}`, version);
  const [move, setMove] = useState<ReceiverMove | null>(null);
  const [reason, setReason] = useState('');
  const [attended, setAttended] = useState(today);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const r = read.data;
  if (!r)
    return (
      <aside className="referral-detail" aria-label="Referral">
        {read.error ? <p role="alert">{read.error}</p> : <p className="loading">Loading…</p>}
      </aside>
    );

  const send = async (chosen: ReceiverMove, event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setProblem(null);
    const body: Record<string, unknown> = { status: chosen.to };
    if (reason.trim()) body.reason = reason.trim();
    // The first attended day: now when it is today (never a time still to come), else noon of the
    // chosen day on this device's clock, so that no time zone moves its date.
    if (chosen.asksFirstAttended && attended && !r.first_attended_at)
      body.first_attended_at =
        attended === today() ? new Date().toISOString() : new Date(`${attended}T12:00:00`).toISOString();
    try {
      await api(`${REFERRALS_API}/${encodeURIComponent(r.id)}/status`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      setMove(null);
      setReason('');
      setVersion((x) => x + 1);
      onChanged();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'No connection: nothing was changed. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const person = r.person;
  const name = person ? [person.first_name, person.last_name].filter(Boolean).join(' ') : '';
  const moves = receiverMoves(r.status);
  return (
    <aside className="referral-detail" aria-labelledby="referral-detail-title">
      <h2 id="referral-detail-title" ref={heading} tabIndex={-1}>
        {name || 'Referral'}: {r.service.name}
      </h2>
      <p>
        <span className={`badge referral-${r.status}`}>{STATUS_WORDS[r.status]}</span>
        {r.overdue_answer && <span className="badge overdue">No answer yet</span>}
      </p>
      {r.security_labels.includes('42CFRPart2') && (
        <p className="part2-notice">
          42 CFR Part 2: this referral is to a Part 2 program; its records may not be redisclosed without the
          survivor's written consent.
        </p>
      )}
      <dl className="referral-facts">
        <div>
          <dt>Person</dt>
          <dd>
            {person ? (
              <>
                {name}
                {person.birth_date ? `, born ${person.birth_date}` : ''}
                {person.phone && (
                  <>
                    {' · '}
                    <a href={`tel:${person.phone}`}>{person.phone}</a>
                  </>
                )}
              </>
            ) : (
              'Not shared: no consent of the survivor names your organization'
            )}
          </dd>
        </div>
        <div>
          <dt>Need</dt>
          <dd>{word(r.need)}</dd>
        </div>
        <div>
          <dt>Handoff</dt>
          <dd>{HANDOFF_WORDS[r.handoff]}</dd>
        </div>
        <div>
          <dt>Referred</dt>
          <dd>{momentWords(r.referred_at)}</dd>
        </div>
        {r.accepted_at && (
          <div>
            <dt>Accepted</dt>
            <dd>{momentWords(r.accepted_at)}</dd>
          </div>
        )}
        {r.first_attended_at && (
          <div>
            <dt>First attended</dt>
            <dd>{dayOf(r.first_attended_at)}</dd>
          </div>
        )}
        {r.completed_at && (
          <div>
            <dt>Completed</dt>
            <dd>{momentWords(r.completed_at)}</dd>
          </div>
        )}
        {r.note && (
          <div>
            <dt>Worker's note</dt>
            <dd className="note">{r.note}</dd>
          </div>
        )}
      </dl>
      {moves.length > 0 && (
        <div className="referral-moves">
          {moves.map((m) => (
            <button
              key={m.to}
              type="button"
              className={m.to === 'accepted' || m.to === 'completed' ? 'primary' : undefined}
              aria-pressed={move?.to === m.to}
              disabled={busy}
              onClick={() => {
                setProblem(null);
                if (m.needsReason || m.asksFirstAttended) setMove(move?.to === m.to ? null : m);
                else void send(m);
              }}
            >
              {m.label}
            </button>
          ))}
        </div>
      )}
      {move && (
        <form aria-label={`${move.label} the referral`} onSubmit={(e) => void send(move, e)}>
          {move.needsReason && (
            <label>
              Reason
              <input value={reason} required maxLength={1000} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
          {move.asksFirstAttended && !r.first_attended_at && (
            <label>
              First attended on
              <input
                type="date"
                value={attended}
                max={today()}
                onChange={(e) => setAttended(e.target.value)}
              />
            </label>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sending…' : `${move.label}: confirm`}
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="field-problem">
          {problem}
        </p>
      )}
      <h3>History</h3>
      <ol className="referral-history">
        {r.history.map((h) => (
          <li key={`${h.at}-${h.status}`}>
            {STATUS_WORDS[h.status]}{' '}
            <span className="muted">
              {momentWords(h.at)}, by {BY[h.by]}
            </span>
            {h.reason ? `: ${h.reason}` : ''}
          </li>
        ))}
      </ol>
      <button type="button" className="link-button" onClick={onClose}>
        Close
      </button>
    </aside>
  );
}
