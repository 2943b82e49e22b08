import type { Keyring } from '../../platform/keyring.js';

/** How long a single sign-on may take at the provider before the flow must start again. */
export const SIGN_IN_FLOW_MS = 10 * 60 * 1000;

/** What the browser carries between the start of a single sign-on and the provider's answer. */
export interface SignInFlow {
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: number;
}

/**
 * Seals the flow into a cookie value (`keyId.sealed`): encrypted and authenticated with the keyring, so
 * the browser can neither read the PKCE verifier nor change the state, nonce or provider.
 */
export function sealSignInFlow(keyring: Keyring, flow: SignInFlow): string {
  const { keyId, sealed } = keyring.seal(flow);
  return `${keyId}.${sealed.toString('base64url')}`;
}

/** The flow a cookie holds, or null when it is missing, altered, sealed by an unknown key or too old. */
export function openSignInFlow(keyring: Keyring, cookie: string | undefined, now: Date): SignInFlow | null {
  if (!cookie) return null;
  const [keyId, sealed, ...rest] = cookie.split('.');
  if (!keyId || !sealed || rest.length > 0) return null;
  let flow: SignInFlow;
  try {
    flow = keyring.open<SignInFlow>(keyId, Buffer.from(sealed, 'base64url'));
  } catch {
    return null;
  }
  const age = now.getTime() - flow.startedAt;
  return age >= 0 && age <= SIGN_IN_FLOW_MS ? flow : null;
}
