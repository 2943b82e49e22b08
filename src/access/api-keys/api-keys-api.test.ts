import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../../test/support/manual-time.js';
import { createUser } from '../../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { hashSecret } from '../users/secret-token.js';

const HOUR = 3_600_000;

describeEachEngine(
  'API keys administration: issue, scopes, last use, rotation with an overlap, revocation',
  (engine) => {
    const time = new ManualTime(new Date('2026-03-02T12:00:00Z'));
    let context: AppContext & { dispose(): Promise<void> };
    let app: FastifyInstance;
    let jurisdictionId: string;
    let organizationId: string;
    let admin: Awaited<ReturnType<typeof createUser>>;
    let otherAdmin: Awaited<ReturnType<typeof createUser>>;
    let analyst: Awaited<ReturnType<typeof createUser>>;
    const secrets: string[] = [];
    let reportNumber = 0;

    const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie, origin: OWN_ORIGIN }, ...(payload ? { payload } : {}) });
    /** Submits one new report with the key; the status code answers whether the key was accepted. */
    const submit = async (key: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          headers: { authorization: `Bearer ${key}` },
          payload: {
            source_record_id: `cad-${++reportNumber}`,
            occurred_at: '2026-03-01T22:15:00-05:00',
            latitude: 41.77,
            longitude: -72.68,
            fatal: false,
          },
        })
      ).statusCode;
    const issue = async (scopes: string[], name = 'CAD export') => {
      const response = await call(
        admin.cookie,
        'POST',
        `/api/v1/admin/organizations/${organizationId}/api-keys`,
        {
          name,
          scopes,
        },
      );
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      secrets.push(body.key);
      return body as {
        api_key: { id: string; status: string; created_by: { user_id: string } };
        key: string;
      };
    };
    const listed = async (id: string) => {
      const response = await call(
        admin.cookie,
        'GET',
        `/api/v1/admin/api-keys?organization_id=${organizationId}`,
      );
      assert.equal(response.statusCode, 200, response.body);
      return (response.json().api_keys as { id: string }[]).find((k) => k.id === id) as Record<
        string,
        unknown
      >;
    };

    before(async () => {
      context = await openTestContext(engine, { clock: time });
      app = await buildApp(context);
      const seeded = await seedJurisdiction(context.db);
      jurisdictionId = seeded.jurisdiction.id;
      organizationId = seeded.organization.id;
      admin = await createUser(context, jurisdictionId, 'administrator', app);
      analyst = await createUser(context, jurisdictionId, 'analyst', app);
      const elsewhere = await seedJurisdiction(context.db);
      otherAdmin = await createUser(context, elsewhere.jurisdiction.id, 'administrator', app);
    });
    after(async () => {
      await app.close();
      await context.dispose();
    });

    it('issues a key shown once, lists it with its issuer and the meaning of each scope, and enforces its scopes', async () => {
      const { api_key, key } = await issue(['submit']);
      assert.match(key, /^sos_/);
      assert.equal(api_key.status, 'active');
      assert.equal(api_key.created_by.user_id, admin.id);
      const list = (await call(admin.cookie, 'GET', '/api/v1/admin/api-keys')).json();
      const row = list.api_keys.find((k: { id: string }) => k.id === api_key.id);
      assert.deepEqual(row.organization, { id: organizationId, name: 'County EMS' });
      assert.deepEqual(row.scopes, ['submit']);
      assert.equal(row.created_by.display_name, 'A administrator');
      assert.ok(!JSON.stringify(list).includes(key), 'the list never holds a secret');
      assert.deepEqual(
        list.scopes.map((s: { name: string }) => s.name),
        ['submit', 'referrals'],
      );
      assert.ok(list.scopes.every((s: { meaning: string }) => s.meaning.length > 10));
      // A submit key submits, and the referrals inbox is hidden from it (404, as from anyone without it);
      // a referrals key reads the inbox and may not submit.
      const inbox = (k: string) =>
        app.inject({ url: '/api/v1/referrals', headers: { authorization: `Bearer ${k}` } });
      assert.equal(await submit(key), 201);
      assert.equal((await inbox(key)).statusCode, 404);
      const { key: referralsKey } = await issue(['referrals'], 'EHR');
      assert.equal((await inbox(referralsKey)).statusCode, 200);
      assert.equal(await submit(referralsKey), 403);
    });

    it('writes the last use down at most once a minute', async () => {
      const { api_key, key } = await issue(['submit']);
      assert.equal((await listed(api_key.id)).last_used_at, null);
      const firstUse = time.now();
      assert.equal(await submit(key), 201);
      assert.equal((await listed(api_key.id)).last_used_at, firstUse.toISOString());
      time.advance(30_000);
      assert.equal(await submit(key), 201);
      assert.equal(
        (await listed(api_key.id)).last_used_at,
        firstUse.toISOString(),
        'not again within the minute',
      );
      time.advance(31_000);
      assert.equal(await submit(key), 201);
      assert.equal((await listed(api_key.id)).last_used_at, time.now().toISOString());
    });

    it('rotates with an overlap: both keys work until it ends, then only the new one', async () => {
      const { api_key: old, key: oldKey } = await issue(['submit', 'referrals']);
      const rotated = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${old.id}/rotate`, {
        overlap_hours: 2,
      });
      assert.equal(rotated.statusCode, 201, rotated.body);
      const body = rotated.json();
      secrets.push(body.key);
      assert.notEqual(body.key, oldKey);
      assert.deepEqual(body.api_key.scopes, ['submit', 'referrals']);
      assert.equal(body.replaced.status, 'expiring');
      assert.equal(body.replaced.replaced_by, body.api_key.id);
      assert.equal(body.replaced.expires_at, new Date(time.now().getTime() + 2 * HOUR).toISOString());
      assert.equal(await submit(oldKey), 201);
      assert.equal(await submit(body.key), 201);
      time.advance(2 * HOUR - 1000);
      assert.equal(await submit(oldKey), 201, 'the old key works to the end of the overlap');
      time.advance(1000);
      assert.equal(await submit(oldKey), 401, 'and not from its end on');
      assert.equal(await submit(body.key), 201);
      assert.equal((await listed(old.id)).status, 'expired');
      assert.equal((await listed(body.api_key.id)).status, 'active');
      // An expired key is over; the old key was rotated already: its successor is the one to rotate.
      const again = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${old.id}/rotate`, {});
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json().error.code, 'API_KEY_ENDED');
    });

    it('rotates with no overlap (the old key is refused at once) and refuses to rotate a key twice', async () => {
      const { api_key: old, key: oldKey } = await issue(['submit']);
      const first = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${old.id}/rotate`, {
        overlap_hours: 24,
      });
      secrets.push(first.json().key);
      const twice = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${old.id}/rotate`, {
        overlap_hours: 0,
      });
      assert.equal(twice.statusCode, 409, twice.body);
      assert.equal(twice.json().error.code, 'API_KEY_REPLACED');
      const successor = first.json().api_key.id;
      const now = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${successor}/rotate`, {
        overlap_hours: 0,
      });
      assert.equal(now.statusCode, 201, now.body);
      secrets.push(now.json().key);
      assert.equal(await submit(first.json().key), 401);
      assert.equal(await submit(now.json().key), 201);
      assert.equal(await submit(oldKey), 201, 'the first key is still in its own overlap');
      const tooLong = await call(
        admin.cookie,
        'POST',
        `/api/v1/admin/api-keys/${now.json().api_key.id}/rotate`,
        {
          overlap_hours: 721,
        },
      );
      assert.equal(tooLong.statusCode, 400, tooLong.body);
    });

    it('revokes at once, a key in its overlap too', async () => {
      const { api_key, key } = await issue(['submit']);
      assert.equal(await submit(key), 201);
      const revoked = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${api_key.id}/revoke`);
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal(revoked.json().status, 'revoked');
      assert.equal(await submit(key), 401);
      const again = await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${api_key.id}/revoke`);
      assert.equal(again.json().error.code, 'API_KEY_ENDED');
      const { api_key: old, key: oldKey } = await issue(['submit']);
      const rotated = (
        await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${old.id}/rotate`, {})
      ).json();
      secrets.push(rotated.key);
      assert.equal(await submit(oldKey), 201);
      await call(admin.cookie, 'POST', `/api/v1/admin/api-keys/${old.id}/revoke`);
      assert.equal(await submit(oldKey), 401, 'revoked within its overlap');
      assert.equal(await submit(rotated.key), 201);
    });

    it('lets only administrators of the jurisdiction manage keys', async () => {
      const { api_key } = await issue(['submit']);
      for (const [who, cookie, status] of [
        ['an analyst', analyst.cookie, 403],
        ["another jurisdiction's administrator", otherAdmin.cookie, 404],
      ] as const) {
        const rotate = await call(cookie, 'POST', `/api/v1/admin/api-keys/${api_key.id}/rotate`, {});
        assert.equal(rotate.statusCode, status, `${who}: ${rotate.body}`);
        const create = await call(cookie, 'POST', `/api/v1/admin/organizations/${organizationId}/api-keys`, {
          name: 'x',
          scopes: ['submit'],
        });
        assert.equal(create.statusCode, status, `${who}: ${create.body}`);
      }
      const list = (await call(otherAdmin.cookie, 'GET', '/api/v1/admin/api-keys')).json();
      assert.deepEqual(list.api_keys, []);
      assert.equal((await listed(api_key.id)).status, 'active');
    });

    it('audits issue, rotation and revocation, never with a key or its hash', async () => {
      const entries = await context.db.query<{ action: string; details: unknown; subject_type: string }>(
        "select action, details, subject_type from audit_entries where jurisdiction_id = $1 and action like 'api_key.%' order by seq",
        [jurisdictionId],
      );
      const actions = new Set(entries.map((e) => e.action));
      assert.deepEqual([...actions].sort(), ['api_key.create', 'api_key.revoke', 'api_key.rotate']);
      assert.ok(entries.every((e) => e.subject_type === 'api_key'));
      const rotation = entries.find((e) => e.action === 'api_key.rotate')?.details as Record<string, unknown>;
      assert.equal(rotation.overlap_hours, 2);
      const all = JSON.stringify(
        await context.db.query('select details from audit_entries where jurisdiction_id = $1', [
          jurisdictionId,
        ]),
      );
      assert.ok(secrets.length >= 8);
      for (const secret of secrets) {
        assert.ok(!all.includes(secret), 'no key in the audit trail');
        assert.ok(!all.includes(hashSecret(secret)), 'nor its hash');
      }
    });
  },
);
