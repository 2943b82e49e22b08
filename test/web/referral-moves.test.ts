import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { receiverMoves } from '../../web/src/features/referrals/referral-moves.js';

// The contract's transitions (api.md, "Referrals"), as written there: the provider's page offers each
// of them but the referrer's own (cancel), and nothing from a final status.
const CONTRACT = {
  requested: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'on-hold', 'completed', 'cancelled', 'failed'],
  'in-progress': ['on-hold', 'completed', 'failed', 'cancelled'],
  'on-hold': ['in-progress', 'cancelled', 'failed'],
  rejected: [],
  completed: [],
  cancelled: [],
  failed: [],
} as const;

describe("the provider page's referral moves", () => {
  it("offers the contract's moves from each status, less cancel", () => {
    for (const [from, to] of Object.entries(CONTRACT) as [keyof typeof CONTRACT, readonly string[]][]) {
      assert.deepEqual(
        receiverMoves(from)
          .map((m) => m.to)
          .sort(),
        to.filter((s) => s !== 'cancelled').sort(),
        from,
      );
    }
  });

  it('asks a reason to reject or fail, and the first attended day to start or complete', () => {
    const accepted = receiverMoves('accepted');
    assert.deepEqual(
      accepted.filter((m) => m.needsReason).map((m) => m.to),
      ['failed'],
    );
    assert.deepEqual(
      accepted.filter((m) => m.asksFirstAttended).map((m) => m.to),
      ['in-progress', 'completed'],
    );
    assert.deepEqual(
      receiverMoves('requested').map((m) => [m.label, m.needsReason]),
      [
        ['Accept', false],
        ['Reject', true],
      ],
    );
    assert.equal(receiverMoves('on-hold').find((m) => m.to === 'in-progress')?.label, 'Resume');
  });
});
