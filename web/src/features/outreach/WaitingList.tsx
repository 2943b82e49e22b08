import type { Me } from '../../shared/api-responses';
import { navigate } from '../../shared/router';
import { refusalText } from './form-parts';
import { draftKey, writeDraft } from './useDraft';
import { discardWaiting, sendWaitingNow, useWaitingSends } from './useWaitingSends';
import type { WaitingSend } from './waiting-sends';

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

/**
 * What was recorded on this device and not stored yet: waiting for the connection (sent again on
 * their own), or refused by the server (opened again in their form to be corrected).
 */
export function WaitingList({ me, path }: { me: Me; path: string }) {
  const items = useWaitingSends(me.id);
  if (items.length === 0) return null;
  const waiting = items.filter((w) => w.state === 'waiting');
  const edit = (w: WaitingSend) => {
    // The form opens with the refused values; its draft now holds them, so the list lets go.
    writeDraft(draftKey(me.id, w.case_id, w.kind), w.form);
    discardWaiting(w.client_id);
    navigate(`${path}?case=${encodeURIComponent(w.case_id)}&form=${w.kind}&edit=${w.client_id}`);
  };
  const refused = items.filter((w) => w.state === 'refused');
  return (
    <section className="waiting" aria-label="Not stored yet">
      {waiting.length > 0 && (
        <>
          <h2>Waiting to send ({waiting.length})</h2>
          <ul>
            {waiting.map((w) => (
              <li key={w.client_id}>
                <strong>{w.summary}</strong> <span className="muted">saved {when(w.saved_at)}</span>
                <p className="muted">
                  {w.last_error ? `Not sent yet (${w.last_error}); ` : ''}sent when the connection returns.
                </p>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void sendWaitingNow(me.id)}>
            Send now
          </button>
        </>
      )}
      {refused.length > 0 && (
        <>
          <h2>Refused by the server ({refused.length})</h2>
          <ul>
            {refused.map((w) => (
              <li key={w.client_id}>
                <strong>{w.summary}</strong> <span className="muted">saved {when(w.saved_at)}</span>
                <p className="field-problem">{w.refusal ? refusalText(w.refusal) : ''}</p>
                <button type="button" onClick={() => edit(w)}>
                  Correct it
                </button>{' '}
                <button
                  type="button"
                  onClick={() => {
                    if (window.confirm('Discard this record? What was typed will be lost.'))
                      discardWaiting(w.client_id);
                  }}
                >
                  Discard
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
