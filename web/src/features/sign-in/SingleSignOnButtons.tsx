import { useEffect, useState } from 'react';
import { api, type JsonResponse } from '../../shared/api';

type Providers = JsonResponse<'/api/v1/auth/oidc/providers'>;

/** The reason single sign-on gave when it sent the browser back here (`#sso_error=...`), once. */
function takeSignOnError(): string | null {
  const match = /^#sso_error=(.*)$/.exec(window.location.hash);
  if (!match) return null;
  // Off the address bar, so a reload or a bookmark does not show it again.
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return 'Single sign-on did not sign you in';
  }
}

/**
 * The sign-in page's "Sign in with <provider>" links, one per enabled identity provider, and the reason
 * a single sign-on was refused when the provider's answer came back here.
 */
export function SingleSignOnButtons() {
  const [providers, setProviders] = useState<Providers['providers']>([]);
  const [error] = useState(takeSignOnError);
  useEffect(() => {
    // Without the list the password form still works: single sign-on is an extra way in.
    api<Providers>('/api/v1/auth/oidc/providers')
      .then((answer) => setProviders(answer.providers))
      .catch(() => setProviders([]));
  }, []);
  if (providers.length === 0 && !error) return null;
  return (
    <section className="single-sign-on" aria-label="Single sign-on">
      {error && (
        <p role="alert" className="error">
          Single sign-on did not sign you in: {error}
        </p>
      )}
      {providers.length > 0 && (
        <ul className="sign-in-with-list">
          {providers.map((p) => (
            <li key={p.id}>
              <a className="sign-in-with" href={`/api/v1/auth/oidc/${encodeURIComponent(p.id)}/start`}>
                Sign in with {p.display_name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
