import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';

/** Sign-in with email and password; the server sets an HttpOnly session cookie. `notice`: why one signs in again. */
export function LoginPage({ onSignedIn, notice }: { onSignedIn: () => void; notice?: string | undefined }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) });
      onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

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
      <p>
        No account? The <a href="/public">public dashboard</a> shows weekly and monthly figures to anyone.
      </p>
    </main>
  );
}
