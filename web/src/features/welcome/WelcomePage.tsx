import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { InvitationLookup, Session } from '../../shared/api-responses';
import { navigate } from '../../shared/router';
import { PasswordRules } from './PasswordRules';

/** The token of the link, from the fragment (`#token=...`): browsers never send a fragment to a server. */
function tokenOfLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/**
 * Where an invited user lands from the emailed link (signed out): it shows who the invitation is
 * for, asks for a password twice, then signs the user in (on Account when their jurisdiction asks a
 * second factor they have yet to set up).
 */
export function WelcomePage({ onSignedIn }: { onSignedIn: () => void }) {
  const [token] = useState(tokenOfLink);
  const [invited, setInvited] = useState<InvitationLookup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // The token leaves the address bar (and the history) once read.
    window.history.replaceState(null, '', window.location.pathname);
    api<InvitationLookup>('/api/v1/auth/invitations/lookup', { headers: { 'x-invitation-token': token } })
      .then(setInvited)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password !== repeated) {
      setError('The two passwords differ: type the same password twice.');
      return;
    }
    setBusy(true);
    try {
      await api('/api/v1/auth/invitations/accept', {
        method: 'POST',
        body: JSON.stringify({ token, password }),
      });
      const session = await api<Session>('/api/v1/auth/session');
      const me = session.me?.kind === 'user' ? session.me : null;
      navigate(me?.mfa_missing ? '/account' : '/', true);
      onSignedIn();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login welcome">
      <h1>Welcome to SOS</h1>
      {!invited && !problem && <p className="loading">Reading your invitation…</p>}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {invited && (
        <>
          <p>
            Hello {invited.display_name}. Choose the password of your account <strong>{invited.email}</strong>
            .
          </p>
          <form onSubmit={submit} aria-describedby={error ? 'welcome-error' : undefined}>
            <input type="email" hidden readOnly autoComplete="username" value={invited.email} />
            <label>
              New password
              <input
                type="password"
                autoComplete="new-password"
                required
                aria-describedby="password-rules"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <p className="muted">The password needs:</p>
            <PasswordRules id="password-rules" />
            <label>
              Repeat the password
              <input
                type="password"
                autoComplete="new-password"
                required
                value={repeated}
                onChange={(e) => setRepeated(e.target.value)}
              />
            </label>
            {error && (
              <p id="welcome-error" role="alert" className="error">
                {error}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? 'Signing in…' : 'Set password and sign in'}
            </button>
          </form>
        </>
      )}
      <p>
        Already have a password? <a href="/">Sign in</a>.
      </p>
    </main>
  );
}
