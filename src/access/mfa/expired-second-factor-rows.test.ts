import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestDatabase,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Database } from '../../platform/database.js';
import {
  deleteExpiredSecondFactorRows,
  insertRememberedDevice,
  isDeviceRemembered,
  saveWebauthnChallenge,
} from './second-factor-repository.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;

describeEachEngine('expired second-factor rows are pruned', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  after(() => dispose());

  it('deletes expired remembered devices and WebAuthn challenges, and keeps the live ones', async () => {
    const { jurisdiction } = await seedJurisdiction(db);
    const userId = randomUUID();
    const device = (tokenHash: string, expiresAt: Date) =>
      insertRememberedDevice(db, { jurisdictionId: jurisdiction.id, tokenHash, userId, now: NOW, expiresAt });
    await device('expired', new Date(NOW.getTime() - HOUR));
    await device('live', new Date(NOW.getTime() + HOUR));
    const challenge = (sessionId: string, expiresAt: Date) =>
      saveWebauthnChallenge(db, {
        jurisdictionId: jurisdiction.id,
        sessionId,
        ceremony: 'authenticate',
        challenge: `challenge-${sessionId}`,
        expiresAt,
      });
    const [oldSession, liveSession] = [randomUUID(), randomUUID()];
    await challenge(oldSession, new Date(NOW.getTime() - 1));
    await challenge(liveSession, new Date(NOW.getTime() + HOUR));

    assert.deepEqual(await deleteExpiredSecondFactorRows(db, NOW), {
      rememberedDevices: 1,
      webauthnChallenges: 1,
    });
    const left = await db.query<{ token_hash: string }>('select token_hash from remembered_devices');
    assert.deepEqual(
      left.map((r) => r.token_hash),
      ['live'],
    );
    assert.equal(await isDeviceRemembered(db, jurisdiction.id, userId, 'live', NOW), true);
    const challenges = await db.query<{ session_id: string }>('select session_id from webauthn_challenges');
    assert.deepEqual(
      challenges.map((r) => r.session_id),
      [liveSession],
    );
    assert.deepEqual(await deleteExpiredSecondFactorRows(db, NOW), {
      rememberedDevices: 0,
      webauthnChallenges: 0,
    });
  });
});
