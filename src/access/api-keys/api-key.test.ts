import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiKeyStatus,
  LAST_USE_RESOLUTION_MS,
  lastUseDue,
  MAX_OVERLAP_HOURS,
  overlapEnd,
} from './api-key.js';

describe('API key rules', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('tells active, expiring, expired and revoked apart; a revocation wins', () => {
    assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: null }, now), 'active');
    assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: at(1) }, now), 'expiring');
    assert.equal(apiKeyStatus({ revokedAt: null, expiresAt: now }, now), 'expired');
    assert.equal(apiKeyStatus({ revokedAt: at(-5), expiresAt: at(3_600_000) }, now), 'revoked');
  });

  it('ends an overlap whole hours on, 0 at once, refusing past 30 days, fractions and negatives', () => {
    assert.equal(overlapEnd(now, 24).toISOString(), '2026-03-03T12:00:00.000Z');
    assert.equal(overlapEnd(now, 0).getTime(), now.getTime());
    assert.equal(overlapEnd(now, MAX_OVERLAP_HOURS).toISOString(), '2026-04-01T12:00:00.000Z');
    for (const bad of [-1, 1.5, MAX_OVERLAP_HOURS + 1, Number.NaN]) {
      assert.throws(
        () => overlapEnd(now, bad),
        (e: { code?: string; details?: { field?: string } }) =>
          e.code === 'VALIDATION_FAILED' && e.details?.field === 'overlap_hours',
      );
    }
  });

  it('writes a use down when none was, or the last is a minute old or more', () => {
    assert.equal(lastUseDue(null, now), true);
    assert.equal(lastUseDue(at(-LAST_USE_RESOLUTION_MS + 1), now), false);
    assert.equal(lastUseDue(at(-LAST_USE_RESOLUTION_MS), now), true);
  });
});
