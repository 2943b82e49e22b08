import { type FormEvent, useState } from 'react';
import { api, type JsonResponse } from '../../shared/api';
import { type SecondFactorMethod, SecondFactorStep } from './SecondFactorStep';
import { SingleSignOnButtons } from './SingleSignOnButtons';

/** The second-factor methods single sign-on asked for (`#second_factor=totp,recovery_code`), once. */
function takeSecondFactorAsked(): SecondFactorMethod[] | null {
  const match = /^#second_factor=([a-z_,]+)$/.exec(window.location.hash);
  if (!match) return null;
  // Off the address bar, so a reload asks for a sign-in again rather than a factor no session awaits.
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  const known: readonly string[] = ['totp', 'webauthn', 'recovery_code'];
  const methods = (match[1] ?? '').split(',').filter((m) => known.includes(m)) as SecondFactorMethod[];
  return methods.length > 0 ? methods : null;
}

/**
 * Sign-in with email and password; the server sets an HttpOnly session cookie. A user with a second
 * factor then gives it (the session opens nothing until then). `notice`: why one signs in again.
 */
export function LoginPage({ onSignedIn, notice }: { onSignedIn: () => void; notice?: string | undefined }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Single sign-on sends a user who owes a second factor here with `#second_factor=<methods>`.
  const [secondFactor, setSecondFactor] = useState<SecondFactorMethod[] | null>(takeSecondFactorAsked);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<JsonResponse<'/api/v1/auth/login', 'post'>>('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      if (answer.second_factor) setSecondFactor(answer.second_factor.methods);
      else onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (secondFactor)
    return (
      <SecondFactorStep
        methods={secondFactor}
        onSignedIn={onSignedIn}
        onCancel={async () => {
          await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => {});
          setSecondFactor(null);
          setPassword('');
        }}
      />
    );
  return (
    <main id="main" className="login">
      <h1>SOS</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <p>Overdose surveillance and response. Sign in to continue.</p>
      <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p id="login-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <SingleSignOnButtons />
      <p>
        No account? The <a href="/public">public dashboard</a> shows weekly and monthly figures to anyone.
      </p>
    </main>
  );
}
