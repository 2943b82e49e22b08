import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyReply, type RouteOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../errors.js';
import { handleError } from './error-handler.js';
import { errorAnswers, errorCodesOf } from './error-response.js';
import { registerResponseContracts } from './response-contracts.js';

/** A bare application held to response contracts as `buildApp` holds the real one, its error log kept. */
function contractApp(checkAnswers = true) {
  const logged: Record<string, unknown>[] = [];
  const app = Fastify({
    logger: { level: 'error', stream: { write: (line: string) => logged.push(JSON.parse(line)) } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError);
  registerResponseContracts(app, { checkAnswers });
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  /** The response schemas a route ended up with, by status. */
  const responsesOf = (method: string, url: string) =>
    (routes.find((r) => r.method === method && r.url === url)?.schema?.response ?? {}) as Record<
      string,
      unknown
    >;
  return { app, typed: app.withTypeProvider<ZodTypeProvider>(), logged, responsesOf };
}

const rule = z.object({ id: z.string(), minimum_count: z.number().int() });

describe('response contracts', () => {
  it('answers 500 INTERNAL, and logs the route and field, when a presenter returns a field of the wrong type', async () => {
    const { app, typed, logged } = contractApp();
    typed.get('/api/v1/rules/one', { schema: { response: { 200: rule } } }, async () => ({
      id: 'r1',
      minimum_count: 'three' as unknown as number,
    }));
    typed.get('/api/v1/rules/good', { schema: { response: { 200: rule } } }, async () => ({
      id: 'r2',
      minimum_count: 3,
      webhook_secret: 'never leaves',
    }));
    const bad = await app.inject({ url: '/api/v1/rules/one' });
    assert.equal(bad.statusCode, 500);
    assert.equal(bad.json().error.code, 'INTERNAL');
    assert.doesNotMatch(bad.body, /three/);
    const entry = JSON.stringify(logged);
    assert.match(entry, /\/api\/v1\/rules\/one/);
    assert.match(entry, /minimum_count/);
    // A field the schema does not declare never leaves.
    const good = await app.inject({ url: '/api/v1/rules/good' });
    assert.deepEqual(good.json(), { id: 'r2', minimum_count: 3 });
    await app.close();
  });

  it('writes the same answers unchecked (production), and still lets no undeclared field leave', async () => {
    const area = z.object({
      id: z.string(),
      rate: z.number().nullable(),
      hot: z.boolean(),
      tags: z.array(z.string()),
      detail: z.union([z.object({ points: z.array(z.number()) }), z.object({ cells: z.array(z.string()) })]),
    });
    const answer = {
      id: 'a1',
      rate: null,
      hot: true,
      tags: ['x', 'y "quoted"'],
      detail: { cells: ['c1'] },
      sealed_name: 'never leaves',
    };
    const bodies: string[] = [];
    for (const checkAnswers of [true, false]) {
      const { app, typed } = contractApp(checkAnswers);
      typed.get('/api/v1/areas/one', { schema: { response: { 200: area } } }, async () => answer);
      const response = await app.inject({ url: '/api/v1/areas/one' });
      assert.equal(response.statusCode, 200, response.body);
      bodies.push(response.body);
      await app.close();
    }
    assert.deepEqual(JSON.parse(bodies[1] as string), JSON.parse(bodies[0] as string));
    assert.doesNotMatch(bodies[1] as string, /sealed_name|never leaves/);
  });

  it('refuses an API route that declares no success response schema when it is registered', async () => {
    const { app, typed } = contractApp();
    assert.throws(
      () => typed.get('/api/v1/forgotten', { schema: { summary: 'no response' } }, async () => ({ a: 1 })),
      /GET \/api\/v1\/forgotten declares no response schema for its success answer/,
    );
    assert.throws(
      () =>
        typed.post(
          '/api/v1/errors-only',
          { schema: { response: errorAnswers('FORBIDDEN') } },
          async () => ({}),
        ),
      /POST \/api\/v1\/errors-only declares no response schema/,
    );
    await app.close();
  });

  it('leaves pages outside the API and hidden routes alone', async () => {
    const { app, typed } = contractApp();
    typed.get('/app/page', async () => 'page');
    typed.get('/api/docs/json', { schema: { hide: true } }, async () => ({ openapi: '3.0.3' }));
    await app.ready();
    assert.equal((await app.inject({ url: '/app/page' })).body, 'page');
    assert.equal((await app.inject({ url: '/api/docs/json' })).json().openapi, '3.0.3');
    await app.close();
  });

  it('refuses an answer whose status the route did not declare, errors included', async () => {
    const { app, typed, logged } = contractApp();
    app.post('/api/v1/rules', { schema: { response: { 201: rule } } }, async (_request, reply) =>
      // A status the schemas do not name, as a handler written against another version of them would send.
      (reply as FastifyReply).status(202).send({ id: 'r1', minimum_count: 3 }),
    );
    typed.get('/api/v1/rules/:id', { schema: { response: { 200: rule } } }, async () => {
      throw new SosError('NOT_FOUND', 'No rule by that id');
    });
    typed.get(
      '/api/v1/declared/:id',
      { schema: { response: { 200: rule, ...errorAnswers('NOT_FOUND') } } },
      async () => {
        throw new SosError('NOT_FOUND', 'No rule by that id');
      },
    );
    const accepted = await app.inject({ method: 'POST', url: '/api/v1/rules', payload: {} });
    assert.equal(accepted.statusCode, 500);
    assert.equal(accepted.json().error.code, 'INTERNAL');
    assert.match(
      JSON.stringify(logged),
      /POST \/api\/v1\/rules answered 202, a status its response schemas do not declare/,
    );
    const undeclared = await app.inject({ url: '/api/v1/rules/x' });
    assert.equal(undeclared.statusCode, 500);
    assert.match(JSON.stringify(logged), /GET \/api\/v1\/rules\/:id answered 404/);
    const declared = await app.inject({ url: '/api/v1/declared/x' });
    assert.equal(declared.statusCode, 404);
    assert.deepEqual(declared.json(), { error: { code: 'NOT_FOUND', message: 'No rule by that id' } });
    await app.close();
  });

  it("adds the platform's own errors to each API route, merged with the route's", async () => {
    const { app, typed, responsesOf } = contractApp();
    typed.get(
      '/api/v1/read',
      { schema: { querystring: z.object({ limit: z.coerce.number().int() }), response: { 200: rule } } },
      async () => ({ id: 'r', minimum_count: 1 }),
    );
    typed.get(
      '/api/public/v1/open',
      { config: { answersEveryoneAlike: true }, schema: { response: { 200: rule } } },
      async () => ({ id: 'r', minimum_count: 1 }),
    );
    typed.post(
      '/api/v1/change',
      { schema: { response: { 200: rule, ...errorAnswers('FORBIDDEN', 'NOT_FOUND') } } },
      async () => ({ id: 'r', minimum_count: 1 }),
    );
    const codes = (method: string, url: string) =>
      Object.fromEntries(
        Object.entries(responsesOf(method, url))
          .filter(([status]) => status !== '200')
          .map(([status, schema]) => [status, errorCodesOf(schema)]),
      );
    assert.deepEqual(codes('GET', '/api/v1/read'), {
      400: ['VALIDATION_FAILED'],
      422: ['NUL_CHARACTER'],
      500: ['INTERNAL'],
      401: ['UNAUTHENTICATED'],
    });
    assert.deepEqual(codes('GET', '/api/public/v1/open'), {
      400: ['VALIDATION_FAILED'],
      422: ['NUL_CHARACTER'],
      500: ['INTERNAL'],
    });
    assert.deepEqual(codes('POST', '/api/v1/change'), {
      400: ['VALIDATION_FAILED'],
      401: ['UNAUTHENTICATED'],
      403: ['FORBIDDEN', 'CROSS_SITE_REQUEST'],
      404: ['NOT_FOUND'],
      413: ['BODY_TOO_LARGE'],
      422: ['NUL_CHARACTER'],
      500: ['INTERNAL'],
    });
    // A request that is not valid is answered with the platform's declared 400, not refused as undeclared.
    const invalid = await app.inject({ url: '/api/v1/read?limit=many' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error.code, 'VALIDATION_FAILED');
    await app.close();
  });
});
