import type { FastifyInstance } from 'fastify';
import { SosError } from '../platform/errors.js';
import { apiKeyOf, SESSION_COOKIE } from './routes.js';

/** The methods that change something; a browser's GET, HEAD and OPTIONS change nothing here. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where a request says it came from, compared with where it was sent. */
export type RequestOrigin = 'same' | 'other' | 'unknown';

/**
 * Judges the Origin header, else the Referer's origin, against the server's own origin: the Host the
 * request was sent to (under either scheme, since a proxy may end TLS), or the configured public URL.
 */
export function requestOrigin(
  headers: { origin?: string | undefined; referer?: string | undefined; host?: string | undefined },
  publicUrl: string | null,
): RequestOrigin {
  const claimed = headers.origin ?? headers.referer;
  if (claimed === undefined || claimed === '') return 'unknown';
  let from: URL;
  try {
    from = new URL(claimed);
  } catch {
    // "null" (a sandboxed or file: page) and anything unparsable are not us.
    return 'other';
  }
  if (from.protocol !== 'http:' && from.protocol !== 'https:') return 'other';
  if (publicUrl !== null && new URL(publicUrl).origin === from.origin) return 'same';
  if (!headers.host) return 'other';
  try {
    // The Host header written with the claimed scheme, so that default ports compare equal.
    return new URL(`${from.protocol}//${headers.host}`).host === from.host ? 'same' : 'other';
  } catch {
    return 'other';
  }
}

/**
 * Refuses cross-site state changes (CSRF): a POST, PUT, PATCH or DELETE sent with the session cookie
 * must say it comes from our own origin (browsers send Origin on every such request), and any
 * request that names another origin is refused, so a sign-in cannot be forged either. API keys are
 * exempt: a browser never adds one by itself. Checked before anything else, body-less requests and
 * text/plain form posts included.
 */
export function registerCrossSiteGuard(app: FastifyInstance, options: { publicUrl: string | null }): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || apiKeyOf(request) !== null) return;
    const origin = requestOrigin(
      { origin: request.headers.origin, referer: request.headers.referer, host: request.headers.host },
      options.publicUrl,
    );
    if (origin === 'other' || (origin === 'unknown' && request.cookies[SESSION_COOKIE] !== undefined)) {
      throw new SosError(
        'CROSS_SITE_REQUEST',
        origin === 'other'
          ? 'The request came from another site (its Origin is not this server)'
          : 'A signed-in change must send an Origin header naming this server',
      );
    }
  });
}
