import type { CaseDetail } from './outreach-types';
import { word } from './outreach-words';

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
// Lists keep each word's capitals: a lower-cased list would write MOUD as moud.
const words = (codes: readonly string[]) => (codes.length ? codes.map(word).join(', ') : 'None');

/** What happened on a case: its overdoses, consents, attempts and visits, newest first. */
export function CaseHistory({ c }: { c: CaseDetail }) {
  const newest = <T,>(rows: readonly T[], at: (r: T) => string) =>
    [...rows].sort((a, b) => Date.parse(at(b)) - Date.parse(at(a)));
  const inForce = c.consents.filter((x) => x.in_force);
  const ended = c.consents.filter((x) => !x.in_force);
  return (
    <div className="case-history">
      <h2>Consents in force</h2>
      {inForce.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul>
          {inForce.map((x) => (
            <li key={x.id}>
              <strong>{word(x.scope)}</strong>
              {x.recipient ? `: ${x.recipient}` : ''} — {word(x.method).toLowerCase()}, {when(x.obtained_at)}
              {x.expires_at ? `, until ${when(x.expires_at)}` : ''}
            </li>
          ))}
        </ul>
      )}
      {ended.length > 0 && (
        <details>
          <summary>Revoked or expired consents ({ended.length})</summary>
          <ul>
            {ended.map((x) => (
              <li key={x.id}>
                {word(x.scope)}
                {x.recipient ? `: ${x.recipient}` : ''} —{' '}
                {x.revoked_at ? `revoked ${when(x.revoked_at)}` : 'expired'}
              </li>
            ))}
          </ul>
        </details>
      )}
      <h2>Attempts ({c.attempts.length})</h2>
      {c.attempts.length === 0 ? (
        <p className="muted">No attempt yet.</p>
      ) : (
        <ol className="history">
          {newest(c.attempts, (a) => a.attempted_at).map((a) => (
            <li key={a.id}>
              <strong>
                {word(a.method)}: {word(a.outcome).toLowerCase()}
              </strong>{' '}
              <span className="muted">
                {when(a.attempted_at)}, {a.attempted_by.display_name}
              </span>
              <br />
              {word(a.disclosure)}; materials left: {words(a.materials_left)}
              {a.note ? <p className="note">{a.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <h2>Visits ({c.visits.length})</h2>
      {c.visits.length === 0 ? (
        <p className="muted">No visit yet.</p>
      ) : (
        <ol className="history">
          {newest(c.visits, (x) => x.visited_at).map((x) => (
            <li key={x.id}>
              <strong>{word(x.location_type)}</strong>{' '}
              <span className="muted">
                {when(x.visited_at)}, recorded by {x.recorded_by.display_name}
              </span>
              <br />
              Team: {x.present.map((p) => p.display_name).join(', ')}
              {x.law_enforcement.present
                ? `; law enforcement present (${word(x.law_enforcement.dress ?? 'dress not recorded').toLowerCase()})`
                : '; no law enforcement'}
              <br />
              Offered: {words(x.services_offered)}. Accepted: {words(x.services_accepted)}.
              {x.risk_reduction_plan ? <p className="note">Plan: {x.risk_reduction_plan}</p> : null}
              {x.network_reached.length > 0 && (
                <p>
                  Reached with consent:{' '}
                  {x.network_reached.map((n) => `${n.relation} (${words(n.received)})`).join('; ')}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <h2>Overdoses ({c.overdoses.length})</h2>
      <ul>
        {c.overdoses.map((o) => (
          <li key={o.overdose_id}>
            {when(o.occurred_at)}
            {o.fatal === true ? ' (fatal)' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
