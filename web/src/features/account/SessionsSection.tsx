import { useState } from 'react';
import { api } from '../../shared/api';
import type { SessionList } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** A time in the reader's own words and zone. */
const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The user's own sessions: where they are signed in (browser and system, address, how, since when, last
 * used, until when), with a button to end any other session or all of them at once.
 */
export function SessionsSection() {
  const [version, setVersion] = useState(0);
  const list = useApi<SessionList>('/api/v1/account/sessions', version);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (url: string, done: (count: number) => string) => {
    setError(null);
    setStatus(null);
    try {
      const answer = await api<{ revoked: string[] }>(url, { method: 'POST' });
      setStatus(done(answer.revoked.length));
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const sessions = list.data?.sessions ?? [];
  const others = sessions.filter((s) => !s.current).length;

  return (
    <section className="account-sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <p className="muted">
        A session ends when it is left unused for a while and after a working day, whatever its use. End any
        you do not recognise, then change your password.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {sessions.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">Ends at the latest</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.device}
                  {s.current && <strong> (this session)</strong>}
                  {s.auth_method === 'oidc' && <span className="muted"> · single sign-on</span>}
                </td>
                <td>{s.client_address ?? 'unknown'}</td>
                <td>{when(s.created_at)}</td>
                <td>{when(s.last_used_at)}</td>
                <td>{when(s.expires_at)}</td>
                <td>
                  {!s.current && (
                    <button
                      type="button"
                      onClick={() =>
                        revoke(
                          `/api/v1/account/sessions/${s.id}/revoke`,
                          () => `Ended the session on ${s.device}.`,
                        )
                      }
                    >
                      End<span className="visually-hidden"> the session on {s.device}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {others > 0 && (
        <p>
          <button
            type="button"
            onClick={() =>
              revoke(
                '/api/v1/account/sessions/revoke-others',
                (n) => `Ended ${n} other session${n === 1 ? '' : 's'}.`,
              )
            }
          >
            End all other sessions
          </button>
        </p>
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
