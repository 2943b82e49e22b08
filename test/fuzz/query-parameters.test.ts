import { after, before, it } from 'node:test';
import fc from 'fast-check';
import {
  fillUrl,
  openSecurityApp,
  pathParams,
  type SecurityApp,
  schemaKeys,
} from '../security/security-app.js';
import { OWN_ORIGIN } from '../support/sign-in.js';
import { assertAnswer, fuzz, hostileText, regressionCases } from './fuzz-run.js';

/** A GET request as fast-check generates it (JSON, so a regression can keep it). */
interface QueryCase {
  /** The route's URL pattern, as registered. */
  route: string;
  caller: 'anonymous' | 'analyst' | 'administrator' | 'api key';
  /** Path parameters given (the rest get well-formed stand-ins). */
  path: [string, string][];
  /** Query parameters in order; a key may repeat. */
  query: [string, string][];
  /** Path parameters put in the URL as they are, not percent-encoded (so `%` may start a bad escape). */
  rawPath?: boolean;
}

/**
 * Values a parameter of some type might take, near and past its edges, so inputs get past the
 * schema to the queries: dates (reversed ranges, years 0 and 275760), integers around the limits,
 * uuids, booleans, lists, the jurisdiction's own short name.
 */
const plausibleValue: fc.Arbitrary<string> = fc.oneof(
  fc
    .date({ min: new Date('-000001-01-01T00:00:00Z'), max: new Date('+275760-09-13T00:00:00Z') })
    .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('0', '1', '-1', '2147483647', '2147483648', '9007199254740993', '1.5', '1e3', '0x10'),
  fc.integer({ min: -100, max: 100_000 }).map(String),
  fc.uuid().map(String),
  fc.constantFrom(
    'true',
    'false',
    'yes',
    '1',
    'ct',
    'other',
    'towns',
    'h3r7',
    'fatal',
    'all',
    'week',
    'month',
    'day',
  ),
  fc.array(fc.constantFrom('a', 'fentanyl', 'ems', '1', ''), { maxLength: 4 }).map((a) => a.join(',')),
);

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
function queryUrl(c: QueryCase): string {
  const values = Object.fromEntries(c.path);
  const filled = c.route.replace(/:(\w+)/g, (_, name: string) =>
    name in values
      ? c.rawPath
        ? (values[name] as string)
        : percentEncoded(values[name] as string)
      : fillUrl(`:${name}`),
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
  if (c.caller === 'analyst' || c.caller === 'administrator')
    headers.cookie = s.cookies.get(c.caller) as string;
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
    const key =
      keys.length > 0
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, hostileText)
        : hostileText;
    const params = pathParams(url);
    const rawText = fc.stringMatching(/^(?:%[0-9A-Fa-f]{0,2}|[A-Za-z0-9\-._~]){1,8}$/);
    return fc.boolean().chain((rawPath) =>
      fc.record({
        route: fc.constant(url),
        caller: fc.constantFrom(
          'anonymous' as const,
          'analyst' as const,
          'administrator' as const,
          'api key' as const,
        ),
        path:
          params.length > 0
            ? fc.array(fc.tuple(fc.constantFrom(...params), rawPath ? rawText : hostileText), {
                maxLength: 1,
              })
            : fc.constant([] as [string, string][]),
        // Raw path values are escapes, well-formed or not, and letters: what a URL may hold as it is.
        rawPath: fc.constant(rawPath),
        query: fc.array(fc.tuple(key, fc.oneof(plausibleValue, hostileText)), { maxLength: 6 }),
      }),
    );
  });
  return fuzz(t, 'query-parameters', cases, send);
});
