import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from '@simplewebauthn/browser';
import { type FormEvent, useState } from 'react';
import { api, type JsonResponse } from '../../shared/api';

/** A way to give a second factor at sign-in, as the login answer names it. */
export type SecondFactorMethod = NonNullable<
  JsonResponse<'/api/v1/auth/login', 'post'>['second_factor']
>['methods'][number];

/** How many days "remember this device" lasts (the server's REMEMBER_DEVICE_DAYS). */
const REMEMBER_DAYS = 30;

/**
 * The sign-in's second step, after a correct password: the code of an authenticator app, a passkey,
 * or a recovery code. The session cookie is already set; it opens nothing until this step is done.
 */
export function SecondFactorStep({
  methods,
  onSignedIn,
  onCancel,
}: {
  methods: SecondFactorMethod[];
  onSignedIn: () => void;
  onCancel: () => void;
}) {
  const [useRecovery, setUseRecovery] = useState(!methods.includes('totp') && !methods.includes('webauthn'));
  const [code, setCode] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (step: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
      onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const post = (path: string, body: object) => api(path, { method: 'POST', body: JSON.stringify(body) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() =>
      useRecovery
        ? post('/api/v1/auth/second-factor/recovery', { code })
        : post('/api/v1/auth/second-factor/totp', { code, remember_device: remember }),
    );
  };
  const signWithPasskey = () =>
    run(async () => {
      const optionsJSON = await api<PublicKeyCredentialRequestOptionsJSON>(
        '/api/v1/auth/second-factor/webauthn/options',
        { method: 'POST' },
      );
      const response = await startAuthentication({ optionsJSON });
      await post('/api/v1/auth/second-factor/webauthn', { response, remember_device: remember });
    });

  return (
    <main id="main" className="login">
      <h1>SOS</h1>
      <p>Your password was right. Confirm it is you with your second factor.</p>
      <form onSubmit={submit} aria-describedby={error ? 'second-factor-error' : undefined}>
        {methods.includes('webauthn') && !useRecovery && (
          <button type="button" className="primary" onClick={signWithPasskey} disabled={busy}>
            Use a passkey
          </button>
        )}
        {(methods.includes('totp') || useRecovery) && (
          <label>
            {useRecovery ? 'Recovery code' : 'Code from your authenticator app'}
            <input
              autoComplete="one-time-code"
              inputMode={useRecovery ? 'text' : 'numeric'}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
        )}
        {!useRecovery && (
          <label className="inline">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            Remember this device for {REMEMBER_DAYS} days
          </label>
        )}
        {error && (
          <p id="second-factor-error" role="alert" className="error">
            {error}
          </p>
        )}
        {(methods.includes('totp') || useRecovery) && (
          <button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Verify'}
          </button>
        )}
      </form>
      {methods.includes('recovery_code') && (
        <p>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setUseRecovery(!useRecovery);
              setCode('');
            }}
          >
            {useRecovery ? 'Use your app or passkey instead' : 'Use a recovery code instead'}
          </button>
        </p>
      )}
      <p>
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel and sign out
        </button>
      </p>
    </main>
  );
}
