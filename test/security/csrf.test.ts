import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requestOrigin } from '../../src/access/cross-site-guard.js';
import { OWN_ORIGIN } from '../support/sign-in.js';
import { fillUrl, openSecurityApp, type SecurityApp, stateChanging } from './security-app.js';

describe('security: where a request comes from (requestOrigin)', () => {
  const judge = (headers: Record<string, string>, publicUrl: string | null = null) =>
    requestOrigin(headers, publicUrl);

  it('takes the Origin, else the Referer, and compares scheme-default ports with the Host', () => {
    assert.equal(judge({ origin: 'http://localhost', host: 'localhost:80' }), 'same');
    assert.equal(judge({ origin: 'https://sos.example.org', host: 'sos.example.org' }), 'same');
    assert.equal(judge({ origin: 'https://sos.example.org', host: 'sos.example.org:443' }), 'same');
    assert.equal(judge({ origin: 'http://localhost:8080', host: 'localhost:8080' }), 'same');
    assert.equal(judge({ referer: 'http://localhost:8080/alerts?x=1', host: 'localhost:8080' }), 'same');
    assert.equal(judge({ origin: 'http://localhost:8081', host: 'localhost:8080' }), 'other');
    assert.equal(judge({ origin: 'https://sos.example.org.evil.test', host: 'sos.example.org' }), 'other');
    assert.equal(judge({ origin: 'null', host: 'localhost' }), 'other');
    assert.equal(judge({ origin: 'file:///x', host: 'localhost' }), 'other');
    assert.equal(judge({ origin: 'http://localhost' }), 'other');
    assert.equal(judge({ host: 'localhost' }), 'unknown');
  });

  it('accepts the configured public URL behind a proxy that changes the Host', () => {
    const publicUrl = 'https://sos.example.org';
    assert.equal(judge({ origin: 'https://sos.example.org', host: '10.0.0.5:8080' }, publicUrl), 'same');
    assert.equal(judge({ origin: 'http://sos.example.org', host: '10.0.0.5:8080' }, publicUrl), 'other');
  });
});

describe('security: cross-site state changes (CSRF) on every state-changing route', () => {
  let s: SecurityApp;
  before(async () => {
    // The guard runs before anything reads the database: one engine is enough here.
    s = await openSecurityApp('pglite');
  });
  after(() => s.dispose());

  const send = (method: string, url: string, headers: Record<string, string>, body?: string) =>
    s.app.inject({
      method: method as 'POST',
      url: fillUrl(url),
      headers,
      ...(body ? { payload: body } : {}),
    });
  const isCrossSite = (response: Awaited<ReturnType<typeof send>>) =>
    response.statusCode === 403 && response.json().error.code === 'CROSS_SITE_REQUEST';

  it('refuses a signed-in change without an Origin, from another origin, or as a text/plain form post, body-less ones included', async () => {
    const routes = stateChanging(s.routes);
    assert.ok(routes.length >= 12, `state-changing routes: ${routes.length}`);
    const cookie = s.cookies.get('analyst') as string;
    for (const { method, url } of routes) {
      const what = `${method} ${url}`;
      assert.ok(isCrossSite(await send(method, url, { cookie })), `${what} without Origin`);
      assert.ok(
        isCrossSite(await send(method, url, { cookie, origin: 'https://evil.test' })),
        `${what} evil`,
      );
      assert.ok(isCrossSite(await send(method, url, { cookie, origin: 'null' })), `${what} null origin`);
      const form = { cookie, origin: 'https://evil.test', 'content-type': 'text/plain' };
      assert.ok(isCrossSite(await send(method, url, form, '{"status":"closed"}')), `${what} text/plain`);
      const referer = { cookie, referer: 'https://evil.test/page' };
      assert.ok(isCrossSite(await send(method, url, referer)), `${what} evil Referer`);
      // Signed out, a browser that names another origin is refused too (a forged sign-in).
      assert.ok(isCrossSite(await send(method, url, { origin: 'https://evil.test' })), `${what} signed out`);
    }
  });

  it('lets the same origin (by Origin or Referer), API keys and clients without a cookie through', async () => {
    const cookie = s.cookies.get('administrator') as string;
    // Sign-out last: it ends the session the others use.
    const routes = stateChanging(s.routes).sort(
      (a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')),
    );
    for (const { method, url } of routes) {
      const what = `${method} ${url}`;
      assert.ok(
        !isCrossSite(
          await send(method, url, { authorization: `Bearer ${s.apiKey}`, origin: 'https://evil.test' }),
        ),
        `${what} key`,
      );
      assert.ok(!isCrossSite(await send(method, url, {})), `${what} no cookie, no Origin`);
      assert.ok(
        !isCrossSite(await send(method, url, { cookie, referer: `${OWN_ORIGIN}/alerts` })),
        `${what} Referer`,
      );
      assert.ok(!isCrossSite(await send(method, url, { cookie, origin: OWN_ORIGIN })), `${what} own Origin`);
    }
  });
});
