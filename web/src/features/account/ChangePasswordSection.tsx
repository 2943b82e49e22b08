import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { PasswordChanged } from '../../shared/api-responses';
import { PasswordRules } from '../welcome/PasswordRules';

/** Account's "Change password": the current password, the new one twice; other sessions are signed out. */
export function ChangePasswordSection() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (next !== repeated) {
      setError('The two new passwords differ: type the same password twice.');
      return;
    }
    try {
      const { revoked_sessions } = await api<PasswordChanged>('/api/v1/account/password', {
        method: 'POST',
        body: JSON.stringify({ current_password: current, new_password: next }),
      });
      setStatus(
        `Password changed. ${revoked_sessions === 1 ? 'One other session was' : `${revoked_sessions} other sessions were`} signed out.`,
      );
      setCurrent('');
      setNext('');
      setRepeated('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <section aria-labelledby="change-password-title">
      <h2 id="change-password-title">Change password</h2>
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      <form className="schedule-form" onSubmit={submit}>
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            required
            aria-describedby="new-password-rules"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label>
          Repeat the new password
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeated}
            onChange={(e) => setRepeated(e.target.value)}
          />
        </label>
        <div className="wide">
          <PasswordRules id="new-password-rules" />
        </div>
        <button type="submit" className="primary">
          Change password
        </button>
      </form>
    </section>
  );
}
