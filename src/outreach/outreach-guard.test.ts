import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, type Role, roles } from '../access/roles.js';
import { handleError } from '../platform/http/error-handler.js';
import { noRoute } from '../platform/http/no-route.js';
import { hideOutreachFromOthers, reachesOutreach } from './outreach-guard.js';

/** The roles the policy grants no outreach action: the guard hides every outreach route from them. */
const HIDDEN_FROM: readonly Role[] = [
  'public_safety_analyst',
  'harm_reduction_partner',
  'submitter',
  // A provider answers the referrals sent to it through routes of its own, outside the outreach scope.
  'service_provider',
];
/** The roles with some outreach action (cases, programs or metrics): the routes decide for them. */
const SHOWN_TO: readonly Role[] = [
  'outreach_coordinator',
  'outreach_worker',
  'administrator',
  'analyst',
  'outreach_oversight',
];

const user = (role: Role): Actor => ({
  kind: 'user',
  userId: '00000000-0000-4000-8000-000000000001',
  jurisdictionId: '00000000-0000-4000-8000-000000000002',
  role,
  organizationId: null,
});
const apiKey: Actor = {
  kind: 'api_key',
  keyId: 'k',
  jurisdictionId: '00000000-0000-4000-8000-000000000002',
  organizationId: '00000000-0000-4000-8000-000000000003',
  scopes: ['submit'],
};

describe('the outreach guard', () => {
  let app: FastifyInstance;

  before(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setErrorHandler(handleError);
    // The actor as the access module resolves it, here named by a header.
    app.decorateRequest('actor', null as never);
    app.addHook('onRequest', async (request) => {
      const who = request.headers['x-actor'];
      request.actor =
        who === 'api_key' ? apiKey : typeof who === 'string' ? user(who as Role) : { kind: 'public' };
    });
    await app.register(async (scope) => {
      hideOutreachFromOthers(scope);
      scope.get('/api/v1/outreach/probe', async () => ({ reached: true }));
      scope.post(
        '/api/v1/outreach/probe',
        { schema: { body: z.object({ reason: z.string().min(10) }) } },
        async () => ({ reached: true }),
      );
    });
    app.get('/api/v1/elsewhere', async () => ({ reached: true }));
    app.setNotFoundHandler((request, reply) => handleError(noRoute(request), request, reply));
    await app.ready();
  });
  after(() => app.close());

  const call = (actor: string | undefined, method: 'GET' | 'POST' = 'GET', url = '/api/v1/outreach/probe') =>
    app.inject({
      method,
      url,
      headers: actor ? { 'x-actor': actor } : {},
      ...(method === 'POST' ? { payload: {} } : {}),
    });

  it('names every role as hidden from or shown to outreach', () => {
    assert.deepEqual([...HIDDEN_FROM, ...SHOWN_TO].sort(), [...roles].sort());
    assert.deepEqual(
      roles.filter((role) => !reachesOutreach(user(role))),
      roles.filter((role) => HIDDEN_FROM.includes(role)),
    );
  });

  it('answers 404 NOT_FOUND to each role without outreach, as if the route did not exist', async () => {
    for (const role of HIDDEN_FROM) {
      const answer = await call(role);
      assert.equal(answer.statusCode, 404, `${role}: ${answer.body}`);
      assert.equal(answer.json().error.code, 'NOT_FOUND', role);
    }
  });

  it('answers a hidden route with the very message of a route that does not exist', async () => {
    const hidden = await call('public_safety_analyst');
    const missing = await call('public_safety_analyst', 'GET', '/api/v1/outreach/no-such-route');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(hidden.json(), {
      error: { ...missing.json().error, message: 'No route GET /api/v1/outreach/probe' },
    });
    assert.equal(missing.json().error.message, 'No route GET /api/v1/outreach/no-such-route');
  });

  it('answers 404 to an API key, which has no outreach action either', async () => {
    const answer = await call('api_key');
    assert.equal(answer.statusCode, 404, answer.body);
  });

  it('hides a route before its body is validated, so a bad body does not tell the route exists', async () => {
    for (const role of HIDDEN_FROM) {
      const answer = await call(role, 'POST');
      assert.equal(answer.statusCode, 404, `${role}: ${answer.body}`);
    }
    // A role shown the route gets the validation error.
    assert.equal((await call('outreach_coordinator', 'POST')).statusCode, 400);
  });

  it('lets each role with an outreach action, and the public (whom the routes ask to sign in), through', async () => {
    for (const who of [...SHOWN_TO, undefined]) {
      const answer = await call(who);
      assert.equal(answer.statusCode, 200, `${who ?? 'public'}: ${answer.body}`);
      assert.deepEqual(answer.json(), { reached: true });
    }
  });

  it('guards only the outreach scope: other routes answer every role', async () => {
    for (const role of HIDDEN_FROM) {
      assert.equal((await call(role, 'GET', '/api/v1/elsewhere')).statusCode, 200, role);
    }
  });
});
