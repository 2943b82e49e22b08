import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { base32Decode, codeAt } from '../../../test/support/totp-codes.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { setMfaRequired } from '../jurisdictions/jurisdiction-repository.js';

// The Done item of issue 17: an analyst without MFA cannot read T2 data where the jurisdiction requires MFA.
describeEachEngine('an analyst where the jurisdiction requires a second factor', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;

  before(async () => {
    context = await openTestContext(engine);
    ({
      jurisdiction: { id: jurisdictionId },
    } = await seedJurisdiction(context.db));
    await setMfaRequired(context.db, jurisdictionId, true);
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('is refused line-level data until enrolling TOTP, then reads it in the same session', async () => {
    const cookie = (await signInRoles(app, context, jurisdictionId, ['analyst'])).get('analyst') as string;
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    const post = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers: { cookie, origin: OWN_ORIGIN }, payload });
    const refused = await get('/api/v1/overdoses?limit=1');
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'MFA_REQUIRED');
    assert.equal((await get('/api/v1/me')).json().mfa_missing, true);

    const enrolment = (await post('/api/v1/account/second-factors/totp', { name: 'Phone' })).json();
    const confirmed = await post(`/api/v1/account/second-factors/totp/${enrolment.id}/confirm`, {
      code: codeAt(base32Decode(enrolment.secret), new Date()),
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal((await get('/api/v1/me')).json().mfa_missing, false);
    const allowed = await get('/api/v1/overdoses?limit=1');
    assert.equal(allowed.statusCode, 200, allowed.body);
  });
});

describe('the base32 decoder of these tests', () => {
  it('reads RFC 4648 test vectors', () => {
    assert.equal(base32Decode('MZXW6YTBOI').toString(), 'foobar');
    assert.equal(base32Decode('MZXW6YTB').toString(), 'fooba');
  });
});
