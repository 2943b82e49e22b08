import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestDatabase,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Database } from '../../platform/database.js';
import { Keyring } from '../../platform/keyring.js';
import { cliActor } from '../roles.js';
import { findIdentityProvider, insertIdentityProvider } from './identity-provider-repository.js';
import { identityProviderSecretStore } from './identity-provider-secret-keys.js';

describeEachEngine('identity provider client secrets under key rotation', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  after(() => dispose());

  it('re-seals every client secret with the new key, in batches, so the old key can go', async () => {
    const oldKey = Buffer.alloc(32, 3);
    const newKey = Buffer.alloc(32, 4);
    const before = new Keyring([oldKey]);
    const { jurisdiction } = await seedJurisdiction(db);
    const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    for (const [index, id] of ids.entries()) {
      await insertIdentityProvider(
        db,
        jurisdiction.id,
        id,
        {
          displayName: `Provider ${index}`,
          issuerUrl: 'https://login.example.org',
          clientId: 'sos',
          clientSecret: before.seal(`secret-${index}`),
          scopes: ['openid'],
          enabled: true,
          jitAccounts: false,
          managesRoles: false,
          roleRules: [],
        },
        new Date(),
      );
    }
    const rotating = new Keyring([newKey, oldKey]);
    const store = identityProviderSecretStore(cliActor);
    assert.deepEqual(await store.countByKey(db), { [before.currentKeyId]: 2 });
    assert.equal(await db.transaction((tx) => store.resealBatch(tx, rotating, new Date(), 1)), 1);
    assert.equal(await db.transaction((tx) => store.resealBatch(tx, rotating, new Date(), 10)), 1);
    assert.equal(await db.transaction((tx) => store.resealBatch(tx, rotating, new Date(), 10)), 0);
    assert.deepEqual(await store.countByKey(db), { [rotating.currentKeyId]: 2 });
    const after = new Keyring([newKey]);
    for (const [index, id] of ids.entries()) {
      const stored = await findIdentityProvider(db, jurisdiction.id, id);
      assert.equal(
        after.open<string>(stored?.clientSecret.keyId ?? '', stored?.clientSecret.sealed ?? Buffer.alloc(0)),
        `secret-${index}`,
      );
    }
    const audit = await db.query<{ n: number }>(
      `select count(*)::int as n from audit_entries where action = 'identity_provider.reseal' and jurisdiction_id = $1`,
      [jurisdiction.id],
    );
    assert.equal(audit[0]?.n, 2);
  });
});
