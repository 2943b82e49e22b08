import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  type Engine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { createAlertRule } from '../../alerts/alert-service.js';
import { addressHashes } from '../../alerts/community/contact-address.js';
import { insertSubscriber } from '../../alerts/community/subscriber-repository.js';
import { ingestReports } from '../../intake/intake-service.js';
import { insertConnector } from '../../interop/connector-repository.js';
import type { AppContext } from '../../main/app-context.js';
import { openPerson } from '../../persons/person-vault.js';
import { SosError } from '../../platform/errors.js';
import { parseRangeList } from '../../platform/ip-ranges.js';
import { Keyring, readKeyFile, writeKeyFile } from '../../platform/keyring.js';
import { verifyAuditChains } from '../audit/audit-service.js';
import { insertPendingTotp } from '../mfa/second-factor-repository.js';
import { type Actor, cliActor } from '../roles.js';
import { insertIdentityProvider } from '../sso/identity-provider-repository.js';

const code = (e: unknown) => (e instanceof SosError ? e.code : String(e));
const people = [
  { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02', phone: '555-0100' },
  { first_name: 'Bob', last_name: 'Stone', birth_date: '1985-11-30' },
  { first_name: 'Cy', last_name: 'Moss', birth_date: '1979-01-15' },
];

describeEachEngine('encryption key rotation', (engine: Engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let dir: string;
  let keyFile: string;
  let admin: Actor;
  const firstKey = randomBytes(32);

  /** Rows per key id of each sealed store, counted by the stores themselves. */
  const rowsPerKey = async () =>
    Object.fromEntries((await app.keys.status(admin)).keys.map((k) => [k.id, k.rows]));

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sos-keys-test-'));
    keyFile = path.join(dir, 'encryption.key');
    writeKeyFile(keyFile, [firstKey]);
    app = await openTestContext(engine, { config: { encryptionKeys: [], encryptionKeyFile: keyFile } });
    seeded = await seedJurisdiction(app.db);
    admin = {
      kind: 'user',
      userId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      role: 'administrator',
      organizationId: null,
    };
    await ingestReports(app.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: people.map((person, i) => {
        const raw = {
          source_record_id: `k-${i}`,
          occurred_at: `2024-05-0${i + 1}T10:00:00Z`,
          latitude: 41.7658,
          longitude: -72.6734,
          person,
        };
        return { raw, fields: raw };
      }),
    });
    const analyst: Actor = {
      kind: 'user',
      userId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      role: 'analyst',
      organizationId: null,
    };
    await createAlertRule(
      {
        db: app.db,
        clock: app.clock,
        keyring: app.keyring,
        evaluateSoon: () => {},
        webhookAddresses: { allowedRanges: parseRangeList('127.0.0.0/8', 'test') },
      },
      analyst,
      {
        name: 'Spike',
        scope: {},
        method: 'threshold_24h',
        minimumCount: 3,
        coolDownMinutes: 60,
        emails: { analyst: [], partner: [] },
        webhook: { url: 'http://127.0.0.1:9/hook', secret: 'the webhook secret' },
        enabled: true,
      },
    );
    // One push connector's shared secret, sealed as the connector service seals it.
    const connectorSecret = app.keyring.seal('the connector secret');
    await insertConnector(app.db, {
      jurisdictionId: seeded.jurisdiction.id,
      id: randomUUID(),
      name: 'State hub',
      targetUrl: 'https://hub.example.org/odmap',
      organizationId: null,
      sharingAgreementId: randomUUID(),
      secretKeyId: connectorSecret.keyId,
      secretSealed: connectorSecret.sealed,
      enabled: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    // One authenticator app's secret and one identity provider's client secret, sealed as their services seal them.
    await insertPendingTotp(app.db, {
      jurisdictionId: seeded.jurisdiction.id,
      id: randomUUID(),
      userId: randomUUID(),
      name: 'Phone',
      ...app.keyring.seal('JBSWY3DPEHPK3PXP'),
      now: new Date(),
    });
    // One community alert subscriber's phone number, sealed and hashed as subscriptions do.
    await insertSubscriber(app.db, {
      jurisdictionId: seeded.jurisdiction.id,
      id: randomUUID(),
      channel: 'sms',
      ...(({ keyId, sealed }) => ({ addressKeyId: keyId, addressSealed: sealed }))(
        app.keyring.seal({ address: '+18605550100' }),
      ),
      addressHash: addressHashes(app.keyring, 'sms', '+18605550100')[0] as string,
      audience: 'public',
      language: 'en',
      status: 'confirmed',
      createdAt: new Date(),
    });
    await insertIdentityProvider(
      app.db,
      seeded.jurisdiction.id,
      randomUUID(),
      {
        displayName: 'County Login',
        issuerUrl: 'https://login.example.org',
        clientId: 'sos',
        clientSecret: app.keyring.seal('the client secret'),
        scopes: ['openid', 'email'],
        enabled: true,
        jitAccounts: false,
        managesRoles: false,
        roleRules: [],
      },
      new Date(),
    );
  });
  after(async () => {
    await app.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rotates: a new key first in the key file, every person, webhook and connector secret re-sealed with it in the background, the audit chain intact', async () => {
    const oldId = Keyring.idOf(firstKey);
    const before = {
      persons: 3,
      'alert webhook secrets': 1,
      'identity provider client secrets': 1,
      'authenticator app secrets': 1,
      'push connector secrets': 1,
      'community alert subscribers': 1,
    };
    assert.deepEqual(await rowsPerKey(), { [oldId]: before });
    const rotation = await app.keys.rotate(admin);
    const newId = app.keyring.currentKeyId;
    assert.notEqual(newId, oldId);
    assert.equal(rotation.newKeyId, newId);
    assert.equal(rotation.sealedTotal, 8);
    assert.deepEqual(readKeyFile(keyFile).map(Keyring.idOf), [newId, oldId]);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    await app.keys.idle();
    assert.deepEqual(await rowsPerKey(), {
      [newId]: before,
      [oldId]: {
        persons: 0,
        'alert webhook secrets': 0,
        'identity provider client secrets': 0,
        'authenticator app secrets': 0,
        'push connector secrets': 0,
        'community alert subscribers': 0,
      },
    });
    const status = await app.keys.status(admin);
    assert.equal(status.rotation?.done, 8);
    assert.ok(status.rotation?.finishedAt instanceof Date);
    const chains = await verifyAuditChains(app.db, cliActor);
    assert.deepEqual(
      chains.flatMap((c) => c.problems),
      [],
    );
    const actions = await app.db.query<{ action: string; details: { count?: number } }>(
      `select action, details from audit_entries where jurisdiction_id = $1 and purpose = 'key rotation' order by seq`,
      [seeded.jurisdiction.id],
    );
    assert.deepEqual(
      actions.map((a) => [a.action, a.details.count ?? null]),
      [
        ['keys.rotate', null],
        ['persons.reseal', 3],
        ['alert_rules.reseal', 1],
        ['identity_provider.reseal', 1],
        ['second_factors.reseal', 1],
        ['interop_connectors.reseal', 1],
        ['community_subscribers.reseal', 1],
      ],
    );
  });

  it('opens a re-sealed person with the new key alone once the old key is retired', async () => {
    const [row] = await app.db.query<{ person_id: string }>(
      "select person_id from reports where jurisdiction_id = $1 and source_record_id = 'k-0'",
      [seeded.jurisdiction.id],
    );
    const oldId = Keyring.idOf(firstKey);
    await app.keys.retire(admin, oldId);
    assert.deepEqual(readKeyFile(keyFile).map(Keyring.idOf), [app.keyring.currentKeyId]);
    assert.deepEqual(app.keyring.keyIds, [app.keyring.currentKeyId]);
    const programId = randomUUID();
    const coordinator: Actor = {
      kind: 'user',
      userId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      role: 'outreach_coordinator',
      organizationId: null,
      programIds: [programId],
    };
    const person = await openPerson(
      app.db,
      app.keyring,
      coordinator,
      {
        jurisdictionId: seeded.jurisdiction.id,
        personId: row?.person_id as string,
        use: 'treatment',
        programId,
      },
      new Date(),
    );
    assert.deepEqual(person, people[0]);
  });

  it('refuses to retire the current key, a key still sealing rows, and a key the file does not hold', async () => {
    const current = app.keyring.currentKeyId;
    await assert.rejects(app.keys.retire(admin, current), (e) => code(e) === 'KEY_STILL_IN_USE');
    // A newer key put first by hand, nothing re-sealed yet: the former key still seals every row.
    writeKeyFile(keyFile, [randomBytes(32), ...readKeyFile(keyFile)]);
    app.keyring.replaceKeys(readKeyFile(keyFile));
    await assert.rejects(app.keys.retire(admin, current), (e) => {
      assert.equal(code(e), 'KEY_STILL_IN_USE');
      assert.match((e as Error).message, /3 persons, 1 alert webhook secrets/);
      return true;
    });
    await assert.rejects(app.keys.retire(admin, 'feedfeedfeedfeed'), (e) => code(e) === 'KEY_NOT_FOUND');
    const before = readFileSync(keyFile, 'utf8');
    assert.equal(before.trim().split('\n').length, 2);
  });

  it('lets only an administrator see or rotate the keys', async () => {
    const analyst: Actor = {
      kind: 'user',
      userId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      role: 'analyst',
      organizationId: null,
    };
    await assert.rejects(app.keys.status(analyst), (e) => code(e) === 'FORBIDDEN');
    await assert.rejects(app.keys.rotate(analyst), (e) => code(e) === 'FORBIDDEN');
  });
});

describeEachEngine('encryption key rotation with keys from the environment', (engine: Engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  before(async () => {
    app = await openTestContext(engine);
  });
  after(() => app.dispose());

  it('refuses to rotate from the application and says how: the environment, a restart, then sos keys reseal', async () => {
    await assert.rejects(app.keys.rotate(cliActor), (e) => {
      assert.equal(code(e), 'KEY_ROTATION_ENV_KEYS');
      assert.match((e as Error).message, /SOS_ENCRYPTION_KEYS.*restart.*sos keys reseal/);
      return true;
    });
  });
});
