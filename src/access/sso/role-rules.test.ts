import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RoleRule, roleFromRules, roleRuleSchema } from './role-rules.js';
import { amrShowsSecondFactor } from './second-factor-claims.js';

const rules: RoleRule[] = [
  { claim: 'groups', contains: 'sos-admins', role: 'administrator' },
  { claim: 'department', equals: 'epidemiology', role: 'analyst' },
  { claim: 'title', contains: 'Outreach', role: 'outreach_worker' },
  {
    claim: 'groups',
    equals: 'clinic',
    role: 'service_provider',
    organization_id: '00000000-0000-4000-8000-000000000001',
  },
];

describe('claim-to-role rules', () => {
  it('gives the role of the first rule that matches, in order', () => {
    assert.deepEqual(roleFromRules(rules, { groups: ['sos-admins'], department: 'epidemiology' }), {
      role: 'administrator',
      organizationId: null,
    });
    assert.deepEqual(roleFromRules(rules, { groups: ['staff'], department: 'epidemiology' }), {
      role: 'analyst',
      organizationId: null,
    });
  });

  it('matches a list by one of its items, a text by substring (contains) or whole (equals)', () => {
    assert.equal(roleFromRules(rules, { title: 'Senior Outreach Worker' })?.role, 'outreach_worker');
    assert.equal(roleFromRules(rules, { department: 'epidemiology-east' }), null, 'equals is whole');
    assert.equal(
      roleFromRules(rules, { groups: ['sos-admins-readonly'] }),
      null,
      'a list item is matched whole',
    );
    assert.deepEqual(roleFromRules(rules, { groups: ['clinic'] }), {
      role: 'service_provider',
      organizationId: '00000000-0000-4000-8000-000000000001',
    });
  });

  it('gives no role when nothing matches, a claim is missing or is an object', () => {
    assert.equal(roleFromRules(rules, {}), null);
    assert.equal(roleFromRules(rules, { department: { name: 'epidemiology' } }), null);
    assert.equal(roleFromRules([], { groups: ['sos-admins'] }), null);
    // An inherited property is no claim.
    assert.equal(roleFromRules([{ claim: 'constructor', contains: 'Object', role: 'analyst' }], {}), null);
  });

  it('takes exactly one of equals and contains in a rule', () => {
    assert.equal(roleRuleSchema.safeParse({ claim: 'groups', role: 'analyst' }).success, false);
    assert.equal(
      roleRuleSchema.safeParse({ claim: 'groups', equals: 'a', contains: 'a', role: 'analyst' }).success,
      false,
    );
    assert.equal(roleRuleSchema.safeParse({ claim: 'groups', equals: 'a', role: 'analyst' }).success, true);
    assert.equal(
      roleRuleSchema.safeParse({ claim: 'groups', equals: 'a', role: 'superuser' }).success,
      false,
    );
  });
});

describe('second factor at the provider (amr)', () => {
  it('counts multi-factor, one-time code, keys and biometrics, not a password alone', () => {
    for (const amr of [['pwd', 'mfa'], ['otp'], ['hwk'], ['swk', 'pwd'], ['fpt'], ['face']]) {
      assert.equal(amrShowsSecondFactor(amr), true, amr.join());
    }
    for (const amr of [['pwd'], [], 'mfa', null, undefined, [1, { mfa: true }], ['kba']]) {
      assert.equal(amrShowsSecondFactor(amr), false, JSON.stringify(amr));
    }
  });
});
