import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
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
    for (const url of ['/', '/dashboard', '/records', '/entry']) {
      const page = await app.inject({ url });
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, /<script type="module" src="\/assets\/app\.js">/);
    }
    const script = await app.inject({ url: '/assets/app.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /text\/javascript/);
    assert.equal((await app.inject({ url: '/assets/maplibre-gl-worker.mjs' })).statusCode, 200);
  });

  it('answers unknown or unsafe asset names with NOT_FOUND', async () => {
    for (const url of ['/assets/missing.js', '/assets/..%2Fpackage.json', '/assets/app.exe']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'NOT_FOUND');
    }
  });
});
