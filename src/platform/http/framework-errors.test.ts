import assert from 'node:assert/strict';
import { it } from 'node:test';
import Fastify from 'fastify';
import { answerFrameworkError, MAX_PATH_PARAMETER_LENGTH } from './framework-errors.js';

/** An app configured as buildApp configures its router, with one route that takes a path parameter. */
async function app() {
  const server = Fastify({
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
  server.get('/things/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  await server.ready();
  return server;
}

it('answers a path parameter past the router limit with VALIDATION_FAILED from the catalog', async () => {
  const server = await app();
  const ok = await server.inject({ method: 'GET', url: `/things/${'x'.repeat(MAX_PATH_PARAMETER_LENGTH)}` });
  assert.equal(ok.statusCode, 200, ok.body);
  const long = await server.inject({
    method: 'GET',
    url: `/things/${'x'.repeat(MAX_PATH_PARAMETER_LENGTH + 1)}`,
  });
  assert.equal(long.statusCode, 400, long.body);
  assert.deepEqual(long.json().error, {
    code: 'VALIDATION_FAILED',
    message: `A path parameter is longer than ${MAX_PATH_PARAMETER_LENGTH} characters`,
    details: { in: 'path' },
  });
  await server.close();
});

it('answers a malformed percent-encoding in the path with VALIDATION_FAILED from the catalog', async () => {
  const server = await app();
  const bad = await server.inject({ method: 'GET', url: '/things/%E0%A4%A' });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  assert.match(bad.json().error.message, /percent-encoding/);
  await server.close();
});
