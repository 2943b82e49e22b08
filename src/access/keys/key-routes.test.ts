import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  type Engine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';

describeEachEngine('the security page API', (engine: Engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<string, string>;
  before(async () => {
    // Keys from SOS_ENCRYPTION_KEYS (the test default): a rotation is a restart, not a button.
    context = await openTestContext(engine);
    const { jurisdiction } = await seedJurisdiction(context.db);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, ['administrator', 'analyst']);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const call = (method: 'GET' | 'POST', url: string, role: string, origin: string | null = OWN_ORIGIN) =>
    app.inject({
      method,
      url,
      headers: { cookie: cookies.get(role) as string, ...(origin ? { origin } : {}) },
    });

  it('shows an administrator the current key, with no row sealed yet and no rotation', async () => {
    const response = await call('GET', '/api/v1/admin/security/keys', 'administrator');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      current_key_id: context.keyring.currentKeyId,
      key_file_mode: false,
      keys: [
        {
          id: context.keyring.currentKeyId,
          current: true,
          configured: true,
          rows: [
            { kind: 'persons', count: 0 },
            { kind: 'alert webhook secrets', count: 0 },
            { kind: 'identity provider client secrets', count: 0 },
            { kind: 'authenticator app secrets', count: 0 },
            { kind: 'push connector secrets', count: 0 },
            { kind: 'community alert subscribers', count: 0 },
          ],
        },
      ],
      rotation: null,
    });
  });

  it('refuses a rotation from the page when the keys come from the environment, saying how', async () => {
    const response = await call('POST', '/api/v1/admin/security/keys/rotate', 'administrator');
    assert.equal(response.statusCode, 409, response.body);
    assert.equal(response.json().error.code, 'KEY_ROTATION_ENV_KEYS');
  });

  it('refuses the keys to an analyst, and a rotation asked from another site', async () => {
    const analyst = await call('GET', '/api/v1/admin/security/keys', 'analyst');
    assert.equal(analyst.statusCode, 403);
    assert.equal(analyst.json().error.code, 'FORBIDDEN');
    const crossSite = await call(
      'POST',
      '/api/v1/admin/security/keys/rotate',
      'administrator',
      'https://evil.example',
    );
    assert.equal(crossSite.statusCode, 403);
    assert.equal(crossSite.json().error.code, 'CROSS_SITE_REQUEST');
  });
});
