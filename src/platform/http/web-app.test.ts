import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { appPages } from '../../../common/app-pages.js';
import { handleError } from './error-handler.js';
import { registerWebApp } from './web-app.js';

// npm test builds the dashboard before the tests run, so the bundle is there to serve.
describe('dashboard files', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    app.setErrorHandler(handleError);
    registerWebApp(app);
    await app.ready();
  });
  after(() => app.close());

  it('serves the page at every app path and the bundle under /assets', async () => {
    // Every page of the router's list, so a reload or a bookmark of any page opens the app, not JSON.
    for (const url of ['/', '/login', ...Object.values(appPages).map((p) => p.path)]) {
      const page = await app.inject({ url });
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, /<script type="module" src="\/assets\/app\.js">/);
    }
    const script = await app.inject({ url: '/assets/app.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /text\/javascript/);
    assert.equal((await app.inject({ url: '/assets/maplibre-gl-worker.mjs' })).statusCode, 200);
  });

  it('serves an icon where browsers look for one', async () => {
    for (const url of ['/favicon.ico', '/favicon.svg']) {
      const icon = await app.inject({ url });
      assert.equal(icon.statusCode, 200, url);
      assert.equal(icon.headers['content-type'], 'image/svg+xml');
      assert.match(icon.body, /^<svg /);
    }
    assert.match((await app.inject({ url: '/' })).body, /<link rel="icon" href="\/favicon\.svg"/);
  });

  it('answers unknown or unsafe asset names with NOT_FOUND', async () => {
    for (const url of ['/assets/missing.js', '/assets/..%2Fpackage.json', '/assets/app.exe']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'NOT_FOUND');
    }
  });
});
