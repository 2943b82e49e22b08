import type { Referral } from '../referrals/referral-contract';
import { dayOf, HANDOFF_WORDS, STATUS_WORDS } from '../referrals/referral-words';
import { word } from './outreach-words';
import { ReferralMoves } from './ReferralMoves';
import type { Read } from './useRead';

/** The dates a referral has reached, in the order of the loop: referred, accepted, attended, completed. */
function datesOf(r: Referral): string {
  const dates: [string, string | null][] = [
    ['referred', r.referred_at],
    ['accepted', r.accepted_at],
    ['first attended', r.first_attended_at],
    ['completed', r.completed_at],
  ];
  return dates.flatMap(([what, at]) => (at ? [`${what} ${dayOf(at)}`] : [])).join(' · ');
}

/** A case's referrals, newest first: where to, for what, the handoff, the status and its dates, and the worker's moves. */
export function CaseReferrals({
  referrals,
  open,
  onChanged,
}: {
  referrals: Read<{ referrals: Referral[] }>;
  /** The case is open: its referrals may still be moved. */
  open: boolean;
  onChanged: () => void;
}) {
  const list = referrals.data?.referrals ?? [];
  const newest = [...list].sort((a, b) => Date.parse(b.referred_at) - Date.parse(a.referred_at));
  return (
    <section className="case-referrals" aria-labelledby="case-referrals-title">
      <h2 id="case-referrals-title">Referrals ({list.length})</h2>
      {referrals.error && (
        <p className="muted" role="alert">
          Could not read the referrals ({referrals.error}).
        </p>
      )}
      {!referrals.data && !referrals.error && <p className="loading">Loading…</p>}
      {referrals.data && list.length === 0 && <p className="muted">No referral yet.</p>}
      {newest.length > 0 && (
        <ol className="history referral-list">
          {newest.map((r) => (
            <li key={r.id}>
              <strong>{r.service.name}</strong>{' '}
              <span className={`badge referral-${r.status}`}>{STATUS_WORDS[r.status]}</span>
              {r.overdue_answer && <span className="badge overdue">No answer</span>}
              {r.part2 && <span className="badge">42 CFR Part 2</span>}
              <br />
              {word(r.need)} · {HANDOFF_WORDS[r.handoff]}
              {r.service.organization_name ? ` · ${r.service.organization_name}` : ''}
              <br />
              <span className="muted">{datesOf(r)}</span>
              {r.status_reason && <p className="note">Reason: {r.status_reason}</p>}
              {r.note && <p className="note">{r.note}</p>}
              {open && <ReferralMoves referral={r} onChanged={onChanged} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
