import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { SosError } from '../../platform/errors.js';

/** How long a call to the provider (discovery, token endpoint) may take. */
const PROVIDER_TIMEOUT_MS = 10_000;
/** Clock skew allowed between SOS and the provider when checking `exp`, `iat` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** An ID token issued longer ago than this is refused even if it has not expired. */
const MAX_ID_TOKEN_AGE_SECONDS = 10 * 60;
/** Asymmetric signatures only: `none` and the HMAC family (keyed with the client secret) are refused. */
const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** The endpoints of a provider's discovery document that SOS uses. */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  /** Whether the token endpoint takes the client secret in the body rather than in Basic auth. */
  secretInBody: boolean;
}

/** A provider as the client needs it. */
export interface OidcClientSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The reason given to the user and to the audit trail (never a token). */
const failed = (reason: string) => new SosError('SSO_FAILED', reason);

/**
 * Whether a provider URL may be fetched: HTTPS, or plain HTTP to this machine (a provider started
 * beside SOS in development and tests). Tokens must never cross a network in the clear.
 */
export function providerUrlAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

/** Fetches JSON from the provider within the time limit, or fails with what went wrong. */
async function fetchJson(
  url: string,
  what: string,
  init: RequestInit = {},
): Promise<Record<string, unknown>> {
  if (!providerUrlAllowed(url)) throw failed(`the provider's ${what} is not an HTTPS address (${url})`);
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
  } catch (error) {
    throw failed(`the provider's ${what} did not answer (${(error as Error).message})`);
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || body === null || typeof body !== 'object') {
    const detail = typeof body?.error === 'string' ? `: ${body.error}` : '';
    throw failed(`the provider's ${what} answered ${response.status}${detail}`);
  }
  return body;
}

/** How long a provider's discovery document is kept before it is read again. */
const DISCOVERY_CACHE_MS = 5 * 60 * 1000;
// Kept per issuer, so that a burst of sign-ins (or of anonymous starts) does not each ask the provider.
const discovered = new Map<string, { metadata: ProviderMetadata; until: number }>();

/**
 * The provider's endpoints from its discovery document (read at most every 5 minutes): its issuer must
 * be the configured one, exactly.
 */
export async function discoverProvider(issuerUrl: string, now: Date): Promise<ProviderMetadata> {
  const cached = discovered.get(issuerUrl);
  if (cached && cached.until > now.getTime()) return cached.metadata;
  const metadata = await readDiscoveryDocument(issuerUrl);
  discovered.set(issuerUrl, { metadata, until: now.getTime() + DISCOVERY_CACHE_MS });
  return metadata;
}

/** Reads and checks the discovery document. */
async function readDiscoveryDocument(issuerUrl: string): Promise<ProviderMetadata> {
  const document = await fetchJson(
    `${issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`,
    'discovery document',
  );
  if (document.issuer !== issuerUrl) {
    throw failed(
      `the provider calls itself "${String(document.issuer)}", not the configured issuer ${issuerUrl}`,
    );
  }
  const text = (key: string) => {
    const value = document[key];
    if (typeof value !== 'string' || !providerUrlAllowed(value))
      throw failed(`the provider's discovery document has no usable ${key}`);
    return value;
  };
  const methods = document.token_endpoint_auth_methods_supported;
  const secretInBody =
    Array.isArray(methods) &&
    !methods.includes('client_secret_basic') &&
    methods.includes('client_secret_post');
  return {
    issuer: issuerUrl,
    authorizationEndpoint: text('authorization_endpoint'),
    tokenEndpoint: text('token_endpoint'),
    jwksUri: text('jwks_uri'),
    secretInBody,
  };
}

/** The provider's sign-in address for an authorization code with PKCE (S256), state and nonce. */
export function authorizationUrl(
  metadata: ProviderMetadata,
  input: {
    clientId: string;
    redirectUri: string;
    scopes: readonly string[];
    state: string;
    nonce: string;
    codeChallenge: string;
  },
): string {
  const url = new URL(metadata.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('scope', [...new Set(['openid', ...input.scopes])].join(' '));
  url.searchParams.set('state', input.state);
  url.searchParams.set('nonce', input.nonce);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** Exchanges the authorization code (with the PKCE verifier) for the ID token, at the token endpoint. */
export async function exchangeCode(
  metadata: ProviderMetadata,
  client: OidcClientSettings,
  input: { code: string; redirectUri: string; codeVerifier: string },
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    code_verifier: input.codeVerifier,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (metadata.secretInBody) {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  } else {
    // RFC 6749 2.3.1: each part form-encoded before the Basic pair is built.
    const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const answer = await fetchJson(metadata.tokenEndpoint, 'token endpoint', {
    method: 'POST',
    headers,
    body: form.toString(),
  });
  if (typeof answer.id_token !== 'string') throw failed('the provider sent no ID token');
  return answer.id_token;
}

// One key set per JWKS address, so keys are fetched once and refetched only for an unknown key id.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * Validates an ID token (OpenID Connect Core 3.1.3.7): signed by a key of the provider's JWKS with an
 * asymmetric algorithm, issued by the provider, for this client (audience, and `azp` when several),
 * not expired, issued recently, carrying the nonce of this sign-in. Returns its claims.
 */
export async function validateIdToken(
  metadata: ProviderMetadata,
  idToken: string,
  expected: { clientId: string; nonce: string; now: Date },
): Promise<JWTPayload> {
  let keySet = keySets.get(metadata.jwksUri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(metadata.jwksUri), { timeoutDuration: PROVIDER_TIMEOUT_MS });
    keySets.set(metadata.jwksUri, keySet);
  }
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(idToken, keySet, {
      issuer: metadata.issuer,
      audience: expected.clientId,
      algorithms: SIGNING_ALGORITHMS,
      currentDate: expected.now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_ID_TOKEN_AGE_SECONDS,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (error) {
    throw failed(idTokenRefusal(error));
  }
  if (claims.nonce !== expected.nonce) throw failed('the ID token does not carry the nonce of this sign-in');
  if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== expected.clientId)
    throw failed('the ID token was issued to another client (azp)');
  return claims;
}

/** Why an ID token was refused, in words (the token itself is never repeated). */
function idTokenRefusal(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the ID token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return "the ID token's signature does not verify with the provider's keys";
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return "no key of the provider's JWKS signed the ID token";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the ID token was issued to another client (audience)';
    if (error.claim === 'iss') return 'the ID token was issued by another provider (issuer)';
    if (error.claim === 'iat') return 'the ID token was not issued recently (iat)';
    return `the ID token's ${error.claim} claim is not valid`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'the ID token is signed with an algorithm SOS does not accept';
  if (error instanceof joseErrors.JOSEError) return `the ID token is not valid (${error.code})`;
  return `the provider's keys could not be read (${(error as Error).message})`;
}
