import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leavesNoAdministrator, userStatus } from './user-status.js';

describe('user status and the last administrator', () => {
  it('says disabled first, then invited for a user without a password who was invited, else active', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const cases = [
      [{ disabledAt: at, hasPassword: true, invited: false }, 'disabled'],
      [{ disabledAt: at, hasPassword: false, invited: true }, 'disabled'],
      [{ disabledAt: null, hasPassword: false, invited: true }, 'invited'],
      [{ disabledAt: null, hasPassword: true, invited: true }, 'active'],
      // Single sign-on only: no password and never invited, yet able to sign in.
      [{ disabledAt: null, hasPassword: false, invited: false }, 'active'],
    ] as const;
    for (const [user, status] of cases) assert.equal(userStatus(user), status, JSON.stringify(user));
  });

  it('refuses only taking out the one remaining active administrator', () => {
    assert.equal(leavesNoAdministrator(['a'], 'a'), true);
    assert.equal(leavesNoAdministrator(['a', 'b'], 'a'), false);
    // Someone who is not an active administrator (an analyst, an invited administrator) leaves them as they are.
    assert.equal(leavesNoAdministrator(['a'], 'b'), false);
    assert.equal(leavesNoAdministrator([], 'b'), false);
  });
});
