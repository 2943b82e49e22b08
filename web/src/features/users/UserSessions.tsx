import { useState } from 'react';
import { api } from '../../shared/api';
import type { SessionList } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** A time in the reader's own words and zone. */
const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Where the chosen user is signed in, with one button that ends every session of theirs (a lost
 * device, a departure): the administrator's side of the Account page's session list.
 */
export function UserSessions({ userId, email }: { userId: string; email: string }) {
  const [version, setVersion] = useState(0);
  const url = `/api/v1/admin/users/${encodeURIComponent(userId)}/sessions`;
  const list = useApi<SessionList>(url, version);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessions = list.data?.sessions ?? [];

  const endAll = async () => {
    setStatus(null);
    setError(null);
    try {
      const answer = await api<{ revoked: string[] }>(`${url}/revoke`, { method: 'POST' });
      const n = answer.revoked.length;
      setStatus(`Ended ${n} session${n === 1 ? '' : 's'} of ${email}.`);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="user-sessions" aria-labelledby="user-sessions-title">
      <h3 id="user-sessions-title">Sessions</h3>
      {list.error && <p role="alert">{list.error}</p>}
      {list.data && sessions.length === 0 && <p className="muted">Not signed in anywhere.</p>}
      {sessions.length > 0 && (
        <>
          <ul>
            {sessions.map((s) => (
              <li key={s.id}>
                {s.device}, {s.client_address ?? 'unknown address'}: signed in {when(s.created_at)}, last used{' '}
                {when(s.last_used_at)}
                {s.auth_method === 'oidc' && ' (single sign-on)'}
              </li>
            ))}
          </ul>
          <button type="button" onClick={endAll}>
            End all sessions
          </button>
        </>
      )}
      {status && <p role="status">{status}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
