import { after, before, it } from 'node:test';
import fc from 'fast-check';
import { OWN_ORIGIN } from '../support/sign-in.js';
import { fillUrl, openSecurityApp, pathParams, type SecurityApp, schemaKeys } from '../security/security-app.js';
import { assertAnswer, fuzz, hostileText, regressionCases } from './fuzz-run.js';

/** A GET request as fast-check generates it (JSON, so a regression can keep it). */
export interface QueryCase {
  /** The route's URL pattern, as registered. */
  route: string;
  caller: 'anonymous' | 'analyst' | 'administrator' | 'api key';
  /** Path parameters given (the rest get well-formed stand-ins). */
  path: [string, string][];
  /** Query parameters in order; a key may repeat. */
  query: [string, string][];
}

/** Routes that answer a stream that never ends (server-sent events): not a request-and-answer. */
const STREAMS = new Set(['/api/v1/live']);

/** Percent-encodes text as its UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser sends it). */
function percentEncoded(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The URL of a case: its path parameters filled, then its query string. */
export function queryUrl(c: QueryCase): string {
  const values = Object.fromEntries(c.path);
  const filled = c.route.replace(/:(\w+)/g, (_, name: string) =>
    name in values ? percentEncoded(values[name] as string) : fillUrl(`:${name}`),
  );
  const query = c.query.map(([k, v]) => `${percentEncoded(k)}=${percentEncoded(v)}`).join('&');
  return query === '' ? filled : `${filled}?${query}`;
}

/**
 * Every query parameter of every GET route (read from fastify's route table as it registers them)
 * under generated values: unicode, NUL, huge numbers, empty, unknown and repeated keys, as every
 * kind of caller. Read-only, so one engine (PGlite) is enough: see docs/testing.md.
 */
let s: SecurityApp;
before(async () => {
  s = await openSecurityApp('pglite');
});
after(() => s.dispose());

const send = async (c: QueryCase) => {
  const headers: Record<string, string> = { origin: OWN_ORIGIN };
  if (c.caller === 'analyst' || c.caller === 'administrator') headers.cookie = s.cookies.get(c.caller) as string;
  if (c.caller === 'api key') headers.authorization = `Bearer ${s.apiKey}`;
  const url = queryUrl(c);
  assertAnswer(await s.app.inject({ method: 'GET', url, headers }), `GET ${url} as ${c.caller}`);
};

for (const kept of regressionCases<QueryCase>('query-parameters'))
  it(`replays query-parameters regression ${kept.file}: ${kept.found}`, () => send(kept.input));

it('answers every GET route under generated query parameters with no 500, every error from the catalog', (t) => {
  const routes = s.routes.filter((r) => r.method === 'GET' && !STREAMS.has(r.url));
  const cases = fc.constantFrom(...routes).chain(({ url, route }) => {
    const keys = schemaKeys(route.schema?.querystring);
    const key = keys.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, hostileText) : hostileText;
    const params = pathParams(url);
    return fc.record({
      route: fc.constant(url),
      caller: fc.constantFrom('anonymous' as const, 'analyst' as const, 'administrator' as const, 'api key' as const),
      path:
        params.length > 0
          ? fc.array(fc.tuple(fc.constantFrom(...params), hostileText), { maxLength: 1 })
          : fc.constant([] as [string, string][]),
      query: fc.array(fc.tuple(key, hostileText), { maxLength: 6 }),
    });
  });
  return fuzz(t, 'query-parameters', cases, send);
});
