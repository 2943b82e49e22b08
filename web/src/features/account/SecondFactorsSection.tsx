import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from '@simplewebauthn/browser';
import { type FormEvent, useState } from 'react';
import { api, type JsonResponse } from '../../shared/api';
import { useApi } from '../../shared/useApi';

type FactorList = JsonResponse<'/api/v1/account/second-factors'>;
type TotpEnrolment = JsonResponse<'/api/v1/account/second-factors/totp', 'post'>;
type RecoveryCodes = JsonResponse<'/api/v1/account/second-factors/recovery-codes', 'post'>;

const kindNames = { totp: 'Authenticator app', webauthn: 'Passkey' } as const;
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : 'never');

/**
 * One's own second factors on the Account page: the list (name, kind, added, last used) with removal,
 * adding an authenticator app (QR code, secret to type, a code to confirm) or a passkey, and new
 * recovery codes. `onEnrolled` tells the app, whose session may now count as having given a factor.
 */
export function SecondFactorsSection({ onEnrolled }: { onEnrolled: () => void }) {
  const [version, setVersion] = useState(0);
  const list = useApi<FactorList>('/api/v1/account/second-factors', version);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [name, setName] = useState('Authenticator app');
  const [passkeyName, setPasskeyName] = useState('Passkey');
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await what();
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const post = <T,>(path: string, body?: object) =>
    api<T>(path, { method: 'POST', ...(body ? { body: JSON.stringify(body) } : {}) });
  /** After an enrolment: the recovery codes, once, and the app hears the session may have changed. */
  const enrolled = (what: string, answer: RecoveryCodes) => {
    setCodes(answer.recovery_codes);
    setStatus(`${what} added.`);
    onEnrolled();
  };

  const startTotp = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCodes(null);
      setCode('');
      setEnrolment(await post<TotpEnrolment>('/api/v1/account/second-factors/totp', { name }));
    });
  };
  const confirmTotp = (event: FormEvent) => {
    event.preventDefault();
    if (!enrolment) return;
    void run(async () => {
      const answer = await post<RecoveryCodes>(
        `/api/v1/account/second-factors/totp/${enrolment.id}/confirm`,
        {
          code,
        },
      );
      setEnrolment(null);
      enrolled(`Authenticator app "${name}"`, answer);
    });
  };
  const addPasskey = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCodes(null);
      const optionsJSON = await post<PublicKeyCredentialCreationOptionsJSON>(
        '/api/v1/account/second-factors/webauthn/options',
      );
      const response = await startRegistration({ optionsJSON });
      enrolled(
        `Passkey "${passkeyName}"`,
        await post<RecoveryCodes>('/api/v1/account/second-factors/webauthn', { name: passkeyName, response }),
      );
    });
  };
  const newCodes = () =>
    run(async () => {
      setCodes((await post<RecoveryCodes>('/api/v1/account/second-factors/recovery-codes')).recovery_codes);
      setStatus('New recovery codes made; the old ones no longer work.');
    });
  const remove = (id: string, label: string) =>
    run(async () => {
      await api(`/api/v1/account/second-factors/${id}`, { method: 'DELETE' });
      setStatus(`Removed "${label}".`);
    });

  const factors = list.data?.factors ?? [];
  return (
    <section className="second-factors" aria-labelledby="second-factors-title">
      <h2 id="second-factors-title">Second factors</h2>
      <p className="muted">
        A second factor keeps your account safe if your password leaks: an authenticator app's six-digit code
        or a passkey, asked after your password when you sign in.
      </p>
      {list.error && (
        <p role="alert" className="error">
          {list.error}
        </p>
      )}
      {list.data && factors.length === 0 && <p>You have no second factor yet.</p>}
      {factors.length > 0 && (
        <table>
          <caption className="visually-hidden">Your second factors</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {factors.map((f) => (
              <tr key={f.id}>
                <td>{f.name}</td>
                <td>{kindNames[f.kind]}</td>
                <td>{day(f.created_at)}</td>
                <td>{day(f.last_used_at)}</td>
                <td>
                  {!(list.data?.required && factors.length === 1) && (
                    <button
                      type="button"
                      className="link-button"
                      disabled={busy}
                      onClick={() => remove(f.id, f.name)}
                    >
                      Remove <span className="visually-hidden">{f.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data?.required && factors.length === 1 && (
        <p className="muted">
          Your jurisdiction requires a second factor, so your only one cannot be removed.
        </p>
      )}
      {status && <p role="status">{status}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {codes && (
        <div className="recovery-codes">
          <h3>Your recovery codes</h3>
          <p>
            Keep these somewhere safe, away from your phone: each one signs you in once if your app or passkey
            is out of reach. They are shown only now.
          </p>
          <ul aria-label="Recovery codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      {enrolment ? (
        <form className="enrolment" onSubmit={confirmTotp}>
          <h3>Scan this code with your authenticator app</h3>
          <img
            className="qr-code"
            src={`data:image/svg+xml;base64,${btoa(enrolment.qr_svg)}`}
            alt="QR code of your new authenticator secret"
            width={200}
            height={200}
          />
          <p>
            Or type this secret: <code id="totp-secret">{enrolment.secret.match(/.{1,4}/g)?.join(' ')}</code>
          </p>
          <label>
            Code from the app
            <input
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Confirm
          </button>
          <button type="button" className="link-button" onClick={() => setEnrolment(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="enrolment-choices">
          <form onSubmit={startTotp}>
            <label>
              App name
              <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <button type="submit" disabled={busy}>
              Add an authenticator app
            </button>
          </form>
          {'PublicKeyCredential' in window && (
            <form onSubmit={addPasskey}>
              <label>
                Passkey name
                <input
                  required
                  maxLength={60}
                  value={passkeyName}
                  onChange={(e) => setPasskeyName(e.target.value)}
                />
              </label>
              <button type="submit" disabled={busy}>
                Add a passkey
              </button>
            </form>
          )}
        </div>
      )}
      {factors.length > 0 && (
        <p>
          {list.data?.recovery_codes_left} recovery code(s) left.{' '}
          <button type="button" className="link-button" disabled={busy} onClick={newCodes}>
            Make new recovery codes
          </button>
        </p>
      )}
    </section>
  );
}
