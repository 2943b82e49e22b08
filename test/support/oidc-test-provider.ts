import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/** A person who can sign in at the test provider: the claims it asserts for them. */
export interface ProviderAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

/** How the loopback proxy changes the ID token of the next token answers (null: passes it through). */
export type IdTokenChange =
  | ((claims: JWTPayload, token: string, sign: (c: JWTPayload) => Promise<string>) => Promise<string>)
  | null;

/** A real OpenID Provider (oidc-provider) on 127.0.0.1, behind a loopback proxy that can change ID tokens. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, ProviderAccount>;
  /** Set to alter the ID token the token endpoint answers (tampered, wrong audience, expired, amr). */
  changeIdToken: IdTokenChange;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const readAll = async (stream: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Starts oidc-provider with one confidential client (code flow, PKCE required) whose redirect URI is
 * SOS's callback, and a proxy in front of it: the issuer is the proxy's address, so every call (the
 * browser's and SOS's) goes through it, and the test can change the ID token on its way back.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const proxy = createServer();
  const proxyPort = await listen(proxy);
  const issuer = `http://127.0.0.1:${proxyPort}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, ProviderAccount>();
  const clientId = `sos-${randomUUID().slice(0, 8)}`;
  const clientSecret = `secret-${randomUUID()}`;
  const oidc = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomUUID()] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // Claims in the ID token itself, as most providers put them (SOS reads no userinfo).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
  });
  const backend = createServer(oidc.callback());
  const backendPort = await listen(backend);
  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    changeIdToken: null,
    close: async () => {
      await close(proxy);
      await close(backend);
    },
  };
  const sign = (claims: JWTPayload) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey);
  proxy.on('request', async (req, res) => {
    const body = await readAll(req);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers },
      async (answer) => {
        let bytes = await readAll(answer);
        const change = state.changeIdToken;
        if (change && req.method === 'POST' && req.url?.startsWith('/token') && answer.statusCode === 200) {
          const json = JSON.parse(bytes.toString('utf8')) as { id_token: string };
          json.id_token = await change(decodeJwt(json.id_token), json.id_token, sign);
          bytes = Buffer.from(JSON.stringify(json));
        }
        const headers = { ...answer.headers, 'content-length': String(bytes.length) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(bytes);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(body);
  });
  return state;
}

/** Cookies by origin, as a browser keeps them (paths ignored: the tests' servers do not reuse names). */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  /** Keeps the cookies an answer sets (an expired or empty one is dropped). */
  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.byOrigin.set(origin, jar);
  }

  /** The Cookie header for a URL. */
  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One cookie's value for an origin. */
  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.get(name);
  }
}

/**
 * Signs in through SOS's "Sign in with" link as a provider account, as a browser does: follows the
 * redirects, fills the provider's login and consent forms, and stops at the first SOS page (not API)
 * the flow lands on, e.g. `/` or `/login#sso_error=...`. Returns that address.
 */
export async function signInThroughProvider(
  sos: string,
  providerId: string,
  login: string,
  jar = new CookieJar(),
): Promise<{ landing: string; jar: CookieJar }> {
  let url = `${sos}/api/v1/auth/oidc/${providerId}/start`;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin === new URL(sos).origin && !next.pathname.startsWith('/api/'))
        return { landing: next.href, jar };
      url = next.href;
      init = {};
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt)
      throw new Error(`stuck at ${url} (${response.status}): ${html.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error('too many redirects');
}
