import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from './api';

/**
 * The password prompt of re-authentication: a modal dialog (the browser's own, so focus stays inside,
 * Escape cancels and focus returns where it was) that posts the password to
 * /api/v1/auth/reauthenticate and says whether it was accepted. For a user who signs in through single
 * sign-on (`method` sso) it asks them to sign in again instead.
 */
export function Reauthenticate({
  method,
  onDone,
}: {
  method: 'password' | 'sso';
  /** True once the password was accepted; false when the user cancelled. */
  onDone: (confirmed: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/auth/reauthenticate', { method: 'POST', body: JSON.stringify({ password }) });
      onDone(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="reauthenticate"
      aria-labelledby="reauthenticate-title"
      onCancel={(event) => {
        event.preventDefault();
        onDone(false);
      }}
    >
      <h2 id="reauthenticate-title">Confirm it is you</h2>
      {method === 'sso' ? (
        <>
          <p>
            You sign in through your organization's single sign-on: sign out and sign in again, then try
            again.
          </p>
          <button type="button" onClick={() => onDone(false)}>
            Close
          </button>
        </>
      ) : (
        <form onSubmit={submit}>
          <p>This gives data out of SOS: enter your password again to go on.</p>
          <label>
            Password
            <input
              type="password"
              autoComplete="current-password"
              required
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={error ? 'reauthenticate-error' : undefined}
            />
          </label>
          {error && (
            <p id="reauthenticate-error" role="alert" className="error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Checking…' : 'Confirm'}
            </button>
            <button type="button" onClick={() => onDone(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/**
 * Runs actions that may ask for a recent sign-in: when one answers REAUTHENTICATION_REQUIRED the
 * password dialog opens, and once confirmed the action runs again. Render `prompt` where the dialog
 * may appear. `run` resolves to the action's result, or null when the user cancelled.
 */
export function useReauthentication(): {
  run: <T>(action: () => Promise<T>) => Promise<T | null>;
  prompt: ReactNode;
} {
  const [asking, setAsking] = useState<{
    method: 'password' | 'sso';
    answer: (confirmed: boolean) => void;
  } | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | null> => {
    for (;;) {
      try {
        return await action();
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'REAUTHENTICATION_REQUIRED') throw e;
        const method = (e.details as { method?: string } | null)?.method === 'sso' ? 'sso' : 'password';
        const confirmed = await new Promise<boolean>((answer) => setAsking({ method, answer }));
        setAsking(null);
        if (!confirmed || method === 'sso') return null;
      }
    }
  }, []);
  const prompt = asking ? <Reauthenticate method={asking.method} onDone={asking.answer} /> : null;
  return { run, prompt };
}
