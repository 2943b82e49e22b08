import { useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { KeyRotation, KeyStatus } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

const KEYS_URL = '/api/v1/admin/security/keys';
/** How often the page asks again while a rotation re-seals. */
const POLL_MS = 1000;

/** A rotation's progress in words: rows re-sealed of all, and whether it is done. */
function progressText(rotation: KeyRotation): string {
  const rows = `${rotation.done.toLocaleString()} of ${rotation.sealed_total.toLocaleString()} sealed rows re-sealed`;
  return rotation.finished_at ? `Done: ${rows}.` : `Re-sealing: ${rows}…`;
}

/**
 * The administrator's keys and backups: the current encryption key (its public id), the rows each key
 * seals, the "Rotate key" button (when the keys live in a key file) with the re-sealing's progress, and
 * how backups are taken and kept (on the command line: they hold every table).
 */
export function SecurityPage() {
  const [version, setVersion] = useState(0);
  const status = useApi<KeyStatus>(KEYS_URL, version);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const rotation = status.data?.rotation ?? null;
  const underWay = rotation !== null && rotation.finished_at === null;

  // Asks again every POLL_MS while the re-sealing is under way.
  useEffect(() => {
    if (!underWay) return;
    const timer = setInterval(() => setVersion((v) => v + 1), POLL_MS);
    return () => clearInterval(timer);
  }, [underWay]);

  const rotate = async () => {
    setError(null);
    setStarting(true);
    try {
      await api<KeyRotation>(`${KEYS_URL}/rotate`, { method: 'POST' });
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="security">
      <h1>Keys and backups</h1>
      <h2>Encryption keys</h2>
      {status.error && <p className="error">{status.error}</p>}
      {status.data && (
        <>
          <p>
            Identifiable details (persons) and alert webhook secrets are sealed with AES-256-GCM. New values
            are sealed with the current key{' '}
            <code data-testid="current-key">{status.data.current_key_id}</code>; every key listed still opens
            what it sealed.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Key id</th>
                {status.data.keys[0]?.rows.map((r) => (
                  <th scope="col" key={r.kind}>
                    {r.kind[0]?.toUpperCase()}
                    {r.kind.slice(1)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {status.data.keys.map((k) => (
                <tr key={k.id} data-key-id={k.id}>
                  <th scope="row">
                    <code>{k.id}</code>
                    {k.current && ' (current)'}
                    {!k.configured && ' (not configured)'}
                  </th>
                  {k.rows.map((r) => (
                    <td key={r.kind}>{r.count.toLocaleString()}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {status.data.key_file_mode ? (
            <p>
              <button type="button" onClick={rotate} disabled={starting || underWay}>
                Rotate key
              </button>{' '}
              A new key goes first in the key file; every sealed row is then re-sealed with it in the
              background. The old key stays until you retire it (<code>sos keys retire --id KEYID</code>) once
              it seals no row.
            </p>
          ) : (
            <p>
              The keys come from <code>SOS_ENCRYPTION_KEYS</code>: to rotate, put a new key first there,
              restart every server, then run <code>sos keys reseal</code>.
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {rotation && (
            <div className="key-rotation" data-testid="rotation">
              <progress
                value={rotation.done}
                max={Math.max(rotation.sealed_total, 1)}
                aria-label="Re-sealing progress"
              />
              <p role="status">{progressText(rotation)}</p>
            </div>
          )}
        </>
      )}
      <h2>Backups</h2>
      <p>
        Backups are taken on the server with <code>sos backup --out FILE</code>: every table, compressed and
        encrypted under the backup key (<code>SOS_BACKUP_KEY</code>, <code>SOS_BACKUP_KEY_FILE</code> or the
        data directory's <code>backup.key</code>), then checked by restoring it into a scratch database. Keep
        the backup key apart from the backups and from the encryption keys: whoever holds a backup and its key
        reads everything in it. <code>sos backup verify FILE</code> checks a backup again;{' '}
        <code>sos restore FILE</code> restores one into an empty database.
      </p>
    </section>
  );
}
