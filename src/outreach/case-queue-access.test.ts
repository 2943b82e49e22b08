import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor, Role } from '../access/roles.js';
import { caseScopesOf } from './case-queue-access.js';

describe("the queue's SQL scope read from the policy", () => {
  const user = (role: Role): Actor => ({
    kind: 'user',
    userId: 'u1',
    jurisdictionId: 'j1',
    role,
    organizationId: null,
    programIds: ['p1', 'p2'],
  });

  it("opens a coordinator's programs, a worker's assigned cases, and nothing to the other roles", () => {
    assert.deepEqual(caseScopesOf(user('outreach_coordinator'), 'treatment'), [{ programIds: ['p1', 'p2'] }]);
    assert.deepEqual(caseScopesOf(user('outreach_worker'), 'treatment'), [{ assignedTo: 'u1' }]);
    for (const role of [
      'administrator',
      'analyst',
      'public_safety_analyst',
      'harm_reduction_partner',
      'submitter',
    ] as const) {
      assert.deepEqual(caseScopesOf(user(role), 'treatment'), [], role);
    }
    assert.deepEqual(caseScopesOf({ kind: 'public' }, 'treatment'), []);
  });

  it('follows the purposes the rules are for', () => {
    // Outreach records are read for treatment, operations or audit; surveillance opens none.
    assert.deepEqual(caseScopesOf(user('outreach_coordinator'), 'surveillance'), []);
    assert.deepEqual(caseScopesOf(user('outreach_coordinator'), 'audit'), [{ programIds: ['p1', 'p2'] }]);
  });
});
