import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { receiverMoves, referrerMoves } from '../../web/src/features/referrals/referral-moves.js';

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

describe("the case's referral moves", () => {
  // The referrer's side of the contract: cancel anything not final; for a service nobody answers for
  // in SOS, also record completed or failed where the flow allows it (requested passes through accepted).
  const allowed = (from: keyof typeof CONTRACT, to: string) =>
    (CONTRACT[from] as readonly string[]).includes(to) ||
    (from === 'requested' && (CONTRACT.accepted as readonly string[]).includes(to));

  it('cancels only what is not final, when a provider answers for the service', () => {
    for (const from of Object.keys(CONTRACT) as (keyof typeof CONTRACT)[]) {
      assert.deepEqual(
        referrerMoves(from, true).map((m) => m.to),
        CONTRACT[from].length ? ['cancelled'] : [],
        from,
      );
    }
  });

  it("records the outcome in the provider's stead when none signs in, by the flow's moves", () => {
    for (const from of Object.keys(CONTRACT) as (keyof typeof CONTRACT)[]) {
      const expected = ['completed', 'failed', 'cancelled'].filter((to) => allowed(from, to));
      assert.deepEqual(
        referrerMoves(from, false).map((m) => m.to),
        expected,
        from,
      );
    }
    assert.deepEqual(
      referrerMoves('accepted', false).map((m) => [m.label, m.needsReason, m.asksFirstAttended]),
      [
        ['Attended', false, true],
        ['Did not attend', true, false],
        ['Cancel referral', true, false],
      ],
    );
  });
});
