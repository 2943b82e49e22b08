import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../platform/errors.js';
import {
  answerOverdue,
  type ReferralStatus,
  referralPath,
  referralStatuses,
  securityLabels,
  sideOfMove,
  transitionAllowed,
} from './referral-status.js';

// The contract's table, written out move by move (api.md "Referrals"), against which the flow is checked.
const allowed = new Set([
  'requested>accepted',
  'requested>rejected',
  'requested>cancelled',
  'accepted>in-progress',
  'accepted>on-hold',
  'accepted>completed',
  'accepted>cancelled',
  'accepted>failed',
  'in-progress>on-hold',
  'in-progress>completed',
  'in-progress>failed',
  'in-progress>cancelled',
  'on-hold>in-progress',
  'on-hold>cancelled',
  'on-hold>failed',
]);

const pathOrCode = (...args: Parameters<typeof referralPath>): string => {
  try {
    return referralPath(...args).join('>');
  } catch (error) {
    assert.ok(error instanceof SosError);
    return error.code;
  }
};

describe('the referral status flow', () => {
  it('allows exactly the moves of the table, every pair checked', () => {
    for (const from of referralStatuses) {
      for (const to of referralStatuses) {
        assert.equal(transitionAllowed(from, to), allowed.has(`${from}>${to}`), `${from} -> ${to}`);
      }
    }
  });

  it('lets the receiver answer and never cancel, and the referrer only cancel when a receiver answers', () => {
    const receiverMoves: ReferralStatus[] = [
      'accepted',
      'rejected',
      'in-progress',
      'on-hold',
      'completed',
      'failed',
    ];
    for (const from of referralStatuses) {
      for (const to of referralStatuses) {
        const legal = allowed.has(`${from}>${to}`);
        assert.equal(
          pathOrCode(from, to, 'receiver', true),
          legal && receiverMoves.includes(to) ? to : 'REFERRAL_TRANSITION_INVALID',
          `receiver ${from} -> ${to}`,
        );
        assert.equal(
          pathOrCode(from, to, 'referrer', true),
          legal && to === 'cancelled' ? to : 'REFERRAL_TRANSITION_INVALID',
          `referrer ${from} -> ${to}`,
        );
      }
    }
  });

  it('has the referrer record the outcome of a service nobody answers for, through accepted when still requested', () => {
    assert.equal(pathOrCode('requested', 'completed', 'referrer', false), 'accepted>completed');
    assert.equal(pathOrCode('requested', 'failed', 'referrer', false), 'accepted>failed');
    assert.equal(pathOrCode('in-progress', 'completed', 'referrer', false), 'completed');
    assert.equal(pathOrCode('requested', 'cancelled', 'referrer', false), 'cancelled');
    assert.equal(pathOrCode('requested', 'accepted', 'referrer', false), 'REFERRAL_TRANSITION_INVALID');
    assert.equal(pathOrCode('completed', 'failed', 'referrer', false), 'REFERRAL_TRANSITION_INVALID');
    assert.equal(pathOrCode('cancelled', 'completed', 'referrer', false), 'REFERRAL_TRANSITION_INVALID');
  });

  it('names the status field and says why a move is refused', () => {
    try {
      referralPath('completed', 'accepted', 'receiver', true);
      assert.fail('a final status moved');
    } catch (error) {
      assert.ok(error instanceof SosError);
      assert.equal(error.code, 'REFERRAL_TRANSITION_INVALID');
      assert.deepEqual(error.details, { field: 'status' });
      assert.match(error.message, /completed is final/);
    }
  });

  it('tells which side made a stored move', () => {
    assert.equal(sideOfMove('requested', 'user', true), 'referrer');
    assert.equal(sideOfMove('cancelled', 'user', true), 'referrer');
    assert.equal(sideOfMove('accepted', 'api_key', true), 'receiver');
    assert.equal(sideOfMove('completed', 'user', false), 'referrer');
    assert.equal(sideOfMove('accepted', 'system', true), 'system');
  });

  it('flags an answer overdue only while requested and past the window', () => {
    const referredAt = new Date('2026-03-01T12:00:00Z');
    const days = (n: number) => new Date(referredAt.getTime() + n * 86_400_000);
    assert.equal(answerOverdue({ status: 'requested', referredAt }, 3, days(3)), false);
    assert.equal(answerOverdue({ status: 'requested', referredAt }, 3, days(3.01)), true);
    assert.equal(answerOverdue({ status: 'accepted', referredAt }, 3, days(10)), false);
    assert.deepEqual(securityLabels(true), ['42CFRPart2', 'ETH']);
    assert.deepEqual(securityLabels(false), []);
  });
});
