import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { Referral } from '../referrals/referral-contract';
import { type ReferrerMove, referrerMoves } from '../referrals/referral-moves';
import { casePath } from './outreach-paths';

/** Today on this device, YYYY-MM-DD. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * What the worker may do to a referral from the case: cancel it, or (a service with no provider
 * login) record whether the survivor attended. Sent at once, not kept on the phone: a move is judged
 * against the referral's status now, which a resend hours later may no longer match.
 */
export function ReferralMoves({ referral, onChanged }: { referral: Referral; onChanged: () => void }) {
  const moves = referrerMoves(referral.status, referral.receiving_organization_id !== null);
  const [move, setMove] = useState<ReferrerMove | null>(null);
  const [reason, setReason] = useState('');
  const [attended, setAttended] = useState(today);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (moves.length === 0) return null;
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!move) return;
    setBusy(true);
    setProblem(null);
    const body: Record<string, unknown> = { status: move.to };
    if (reason.trim()) body.reason = reason.trim();
    if (move.asksFirstAttended && attended)
      body.first_attended_at =
        attended === today() ? new Date().toISOString() : new Date(`${attended}T12:00:00`).toISOString();
    try {
      await api(`${casePath(referral.case_id, 'referrals')}/${encodeURIComponent(referral.id)}/status`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      setMove(null);
      onChanged();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'No connection: nothing was changed. Try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="referral-case-moves">
      {moves.map((m) => (
        <button
          key={m.to}
          type="button"
          aria-pressed={move?.to === m.to}
          onClick={() => {
            setProblem(null);
            setMove(move?.to === m.to ? null : m);
          }}
        >
          {m.label}
        </button>
      ))}
      {move && (
        <form aria-label={`${move.label}: ${referral.service.name}`} onSubmit={(e) => void send(e)}>
          {move.needsReason && (
            <label>
              Why
              <input value={reason} required maxLength={1000} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
          {move.asksFirstAttended && (
            <label>
              First attended on
              <input
                type="date"
                value={attended}
                max={today()}
                required
                onChange={(e) => setAttended(e.target.value)}
              />
            </label>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sending…' : 'Confirm'}
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
