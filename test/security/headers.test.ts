import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DASHBOARD_CSP, DOCS_CSP, DOCUMENT_CSP } from '../../src/platform/http/security-headers.js';
import { fillUrl, openSecurityApp, type SecurityApp } from './security-app.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

// Headers do not depend on the database engine: one engine is enough here.
for (const secure of [false, true]) {
  describe(`security: headers on every answer (secure cookies ${secure})`, () => {
    let s: SecurityApp;
    before(async () => {
      s = await openSecurityApp('pglite', { config: { secureCookies: secure } });
    });
    after(() => s.dispose());

    it('sets a policy that runs no inline script and forbids framing, nosniff, Referrer-Policy and HSTS when secure, on every route', async () => {
      for (const { method, url } of s.routes) {
        // Anonymous callers: successes, refusals and validation errors alike carry the headers.
        const response = await s.app.inject({ method: method as 'GET', url: fillUrl(url) });
        const what = `${method} ${url} (${response.statusCode})`;
        const csp = directives(response.headers['content-security-policy']);
        assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], what);
        assert.deepEqual(csp.get('object-src'), ["'none'"], what);
        assert.deepEqual(csp.get('base-uri'), ["'none'"], what);
        const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
        assert.ok(scripts.length > 0, `${what} limits scripts`);
        assert.ok(
          !scripts.some((v) => /unsafe|\*|data:|blob:|https?:/.test(v)),
          `${what} script-src ${scripts}`,
        );
        assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
        assert.equal(response.headers['x-frame-options'], 'DENY', what);
        assert.equal(response.headers['referrer-policy'], 'same-origin', what);
        assert.equal(
          response.headers['strict-transport-security'],
          secure ? 'max-age=31536000' : undefined,
          what,
        );
      }
    });

    it('gives each kind of page its policy: the dashboard (MapLibre workers from blob:), the docs, and no script at all elsewhere', async () => {
      const policyOf = async (url: string) =>
        String((await s.app.inject({ url })).headers['content-security-policy']);
      assert.equal(await policyOf('/dashboard'), DASHBOARD_CSP);
      assert.deepEqual(directives(DASHBOARD_CSP).get('worker-src'), ["'self'", 'blob:']);
      assert.equal(await policyOf('/assets/app.js'), DASHBOARD_CSP);
      assert.equal(await policyOf('/api/docs/static/index.html'), DOCS_CSP);
      for (const url of ['/public', '/public/ct', '/api/v1/health', '/api/v1/nothing-here']) {
        assert.equal(await policyOf(url), DOCUMENT_CSP, url);
      }
      assert.deepEqual(directives(DOCUMENT_CSP).get('default-src'), ["'none'"]);
      assert.equal(directives(DOCUMENT_CSP).get('script-src'), undefined);
    });
  });
}
