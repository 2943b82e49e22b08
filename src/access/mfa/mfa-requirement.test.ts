import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { decideAccess } from '../access-decision.js';
import { setMfaRequired } from '../jurisdictions/jurisdiction-repository.js';
import { actions, actionTier } from '../policy.js';
import { type Actor, roles } from '../roles.js';
import { roleNeedsSecondFactor, secondFactorMissing } from './mfa-requirement.js';

describe('the second-factor requirement', () => {
  it('covers every role that reads T2 or T3 data, and administrators, and no other', () => {
    // Labelled by hand from DESIGN.md's tiers: which roles may see identifiable or line-level data.
    const expected = new Set([
      'administrator',
      'analyst',
      'outreach_coordinator',
      'outreach_worker',
      'service_provider',
      'outreach_oversight',
    ]);
    for (const role of roles) assert.equal(roleNeedsSecondFactor(role), expected.has(role), role);
  });

  it('is missing only where the jurisdiction requires it and the session gave none', () => {
    const at = new Date('2026-12-07T12:00:00Z');
    assert.equal(
      secondFactorMissing({ role: 'analyst', jurisdictionRequiresMfa: true, secondFactorAt: null }),
      true,
    );
    assert.equal(
      secondFactorMissing({ role: 'analyst', jurisdictionRequiresMfa: true, secondFactorAt: at }),
      false,
    );
    assert.equal(
      secondFactorMissing({ role: 'analyst', jurisdictionRequiresMfa: false, secondFactorAt: null }),
      false,
    );
    assert.equal(
      secondFactorMissing({
        role: 'public_safety_analyst',
        jurisdictionRequiresMfa: true,
        secondFactorAt: null,
      }),
      false,
    );
  });

  it('refuses an actor without it every T2 and T3 action, and nothing at T0 or T1', () => {
    const analyst: Actor = {
      kind: 'user',
      userId: 'u',
      jurisdictionId: 'j',
      role: 'analyst',
      organizationId: null,
      mfaMissing: true,
    };
    for (const action of actions) {
      const decision = decideAccess(analyst, action);
      const withFactor = decideAccess({ ...analyst, mfaMissing: false }, action);
      if (withFactor.effect === 'deny') continue;
      const high = actionTier[action] === 'T2' || actionTier[action] === 'T3';
      assert.equal(decision.effect === 'deny' && decision.code === 'MFA_REQUIRED', high, action);
    }
  });
});

describeEachEngine('a jurisdiction that requires a second factor', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let cookie: string;

  before(async () => {
    context = await openTestContext(engine);
    ({
      jurisdiction: { id: jurisdictionId },
    } = await seedJurisdiction(context.db));
    app = await buildApp(context);
    cookie = (await signInRoles(app, context, jurisdictionId, ['analyst'])).get('analyst') as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  it('keeps line-level (T2) data from an analyst who signed in without one, and gives partner aggregates', async () => {
    assert.equal((await get('/api/v1/overdoses?limit=1')).statusCode, 200);
    await setMfaRequired(context.db, jurisdictionId, true);
    const refused = await get('/api/v1/overdoses?limit=1');
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'MFA_REQUIRED');
    const me = (await get('/api/v1/me')).json();
    assert.equal(me.mfa_missing, true);
    assert.ok(!me.may.includes('overdose.read_line_level'));
    assert.ok(me.may.includes('aggregate.read_partner'));
    await setMfaRequired(context.db, jurisdictionId, false);
    assert.equal((await get('/api/v1/overdoses?limit=1')).statusCode, 200);
  });
});
