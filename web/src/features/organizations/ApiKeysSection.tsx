import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import {
  ADMIN_API,
  type ApiKey,
  type ApiKeyList,
  type ApiKeyScope,
  type IssuedApiKey,
  type Organization,
  STATUS_NAMES,
} from './organization-contract';
import { ShownOnceKey } from './ShownOnceKey';

/** A time as the administrator reads it (their browser's zone), or a dash. */
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '–');

/** What a row's action buttons have opened: the overlap question of a rotation, or a revocation's confirmation. */
type Asking = { keyId: string; what: 'rotate' | 'revoke' } | null;

/**
 * An organization's API keys: the list (scopes, issued by, last use, expiry, status), a key issued with
 * its scopes (each scope's meaning beside it), rotated after asking how long the old key may still work,
 * or revoked after a confirmation. A new key is shown once.
 */
export function ApiKeysSection({ organization }: { organization: Organization }) {
  const [version, setVersion] = useState(0);
  const list = useApi<ApiKeyList>(
    `${ADMIN_API}/api-keys?organization_id=${encodeURIComponent(organization.id)}`,
    version,
  );
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['submit']);
  const [issued, setIssued] = useState<{ key: string; note: string } | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [overlap, setOverlap] = useState('24');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await what();
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const made = await api<IssuedApiKey>(`${ADMIN_API}/organizations/${organization.id}/api-keys`, {
        method: 'POST',
        body: JSON.stringify({ name, scopes }),
      });
      setIssued({ key: made.key, note: `New key "${made.api_key.name}" for ${organization.name}.` });
      setName('');
    });
  };
  const rotate = (key: ApiKey) =>
    run(async () => {
      const made = await api<IssuedApiKey & { replaced: ApiKey }>(`${ADMIN_API}/api-keys/${key.id}/rotate`, {
        method: 'POST',
        body: JSON.stringify({ overlap_hours: Number(overlap) }),
      });
      setAsking(null);
      setIssued({
        key: made.key,
        note:
          made.replaced.status === 'expiring'
            ? `"${key.name}" rotated: the old key works until ${when(made.replaced.expires_at)}.`
            : `"${key.name}" rotated: the old key no longer works.`,
      });
    });
  const revoke = (key: ApiKey) =>
    run(async () => {
      await api(`${ADMIN_API}/api-keys/${key.id}/revoke`, { method: 'POST' });
      setAsking(null);
      setMessage(`"${key.name}" revoked: it no longer works.`);
    });

  const keys = list.data?.api_keys ?? [];
  return (
    <section aria-labelledby="api-keys-title" className="api-keys">
      <h2 id="api-keys-title">API keys of {organization.name}</h2>
      {list.error && <p role="alert">{list.error}</p>}
      {error && <p role="alert">{error}</p>}
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {issued && <ShownOnceKey secret={issued.key} note={issued.note} onDone={() => setIssued(null)} />}
      <table>
        <caption>Keys of {organization.name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Created by</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-key-id={k.id}>
              <td>{k.name}</td>
              <td>{k.scopes.join(', ')}</td>
              <td>{when(k.created_at)}</td>
              <td>{k.created_by?.display_name ?? 'command line'}</td>
              <td>{when(k.last_used_at)}</td>
              <td>{when(k.expires_at)}</td>
              <td>{STATUS_NAMES[k.status]}</td>
              <td>
                {asking?.keyId === k.id && asking.what === 'rotate' && (
                  <span className="inline-question">
                    <label className="inline">
                      Old key works for (hours, 0 to 720)
                      <input
                        type="number"
                        min={0}
                        max={720}
                        step={1}
                        value={overlap}
                        onChange={(e) => setOverlap(e.target.value)}
                      />
                    </label>
                    <button type="button" className="primary" onClick={() => void rotate(k)}>
                      Rotate now
                    </button>
                    <button type="button" className="link-button" onClick={() => setAsking(null)}>
                      Cancel
                    </button>
                  </span>
                )}
                {asking?.keyId === k.id && asking.what === 'revoke' && (
                  <span className="inline-question">
                    It stops working at once.{' '}
                    <button type="button" className="primary" onClick={() => void revoke(k)}>
                      Revoke now
                    </button>
                    <button type="button" className="link-button" onClick={() => setAsking(null)}>
                      Cancel
                    </button>
                  </span>
                )}
                {asking?.keyId !== k.id && (k.status === 'active' || k.status === 'expiring') && (
                  <>
                    {k.status === 'active' && (
                      <button
                        type="button"
                        onClick={() => {
                          setOverlap('24');
                          setAsking({ keyId: k.id, what: 'rotate' });
                        }}
                      >
                        Rotate <span className="visually-hidden">{k.name}</span>
                      </button>
                    )}{' '}
                    <button type="button" onClick={() => setAsking({ keyId: k.id, what: 'revoke' })}>
                      Revoke <span className="visually-hidden">{k.name}</span>
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
          {list.data && keys.length === 0 && (
            <tr>
              <td colSpan={8}>No API key yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      <form
        className="schedule-form"
        onSubmit={create}
        aria-label={`Create an API key for ${organization.name}`}
      >
        <h3 className="wide">Create an API key</h3>
        <label>
          Name (which system holds it)
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset className="wide">
          <legend>Scopes</legend>
          {(list.data?.scopes ?? []).map((s) => (
            <label key={s.name}>
              <input
                type="checkbox"
                checked={scopes.includes(s.name)}
                onChange={(e) =>
                  setScopes((old) => (e.target.checked ? [...old, s.name] : old.filter((x) => x !== s.name)))
                }
              />{' '}
              <strong>{s.name}</strong>: {s.meaning}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={scopes.length === 0}>
          Create key
        </button>
      </form>
    </section>
  );
}
