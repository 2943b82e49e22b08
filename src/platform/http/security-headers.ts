import type { FastifyInstance } from 'fastify';

/** Joins CSP directives into one header value. */
function policy(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** What every policy here shares: no plugins, no <base>, forms only to us, never framed. */
const COMMON = {
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

/**
 * The dashboard and its assets: script and styles from /assets only. MapLibre draws into canvases
 * fed from blob: images and may start its worker from a blob: URL; GeoJSON comes from our API.
 */
export const DASHBOARD_CSP = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'worker-src': "'self' blob:",
  'child-src': "'self' blob:",
  'connect-src': "'self'",
  ...COMMON,
});

/** The API documentation (swagger-ui): its own scripts, but it styles elements inline and draws data: icons. */
export const DOCS_CSP = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  ...COMMON,
});

/**
 * Everything else (API answers, the server-rendered public pages and reports): nothing runs, nothing
 * loads but data: images; the pages' own <style> block is allowed, it is all they style with.
 */
export const DOCUMENT_CSP = policy({
  'default-src': "'none'",
  'style-src': "'unsafe-inline'",
  'img-src': "'self' data:",
  ...COMMON,
});

/** A year: browsers keep to HTTPS that long after they last saw the header. */
const HSTS_SECONDS = 365 * 24 * 3600;

/**
 * Sets the security headers on every answer: a Content-Security-Policy (a route's own, else
 * DOCUMENT_CSP), nosniff, no framing, the Referer kept to our own origin, and HSTS when the server
 * sits behind HTTPS (secure cookies). Done in one hook so that a new route cannot miss them.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { secure: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', DOCUMENT_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (options.secure) reply.header('strict-transport-security', `max-age=${HSTS_SECONDS}`);
    return payload;
  });
}
