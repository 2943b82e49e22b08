import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { encodeAuditTrailCursor } from '../../src/access/audit/trail/audit-trail-cursor.js';
import { listOrganizations } from '../../src/access/jurisdictions/jurisdiction-service.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { encodeDirectoryCursor } from '../../src/directory/search-page.js';
import { insertConnector } from '../../src/interop/connector-repository.js';
import { encodePageCursor } from '../../src/platform/page-cursor.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine } from '../support/test-databases.js';
import { fillUrl, openSecurityApp, pathParams, type SecurityApp, schemaKeys } from './security-app.js';

const NUL = 'a\u0000b';

describeEachEngine('security: NUL characters and malformed cursors at the HTTP edge', (engine) => {
  let s: SecurityApp;
  before(async () => {
    s = await openSecurityApp(engine);
  });
  after(() => s.dispose());

  const send = (method: string, url: string, payload?: unknown) =>
    s.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: s.cookies.get('analyst') as string, origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** Asserts a 422 NUL_CHARACTER that names the field where it was put. */
  const assertNamed = async (
    what: string,
    response: Awaited<ReturnType<typeof send>>,
    where: string,
    field: string,
  ) => {
    assert.equal(response.statusCode, 422, `${what}: ${response.body}`);
    const { error } = response.json();
    assert.equal(error.code, 'NUL_CHARACTER', what);
    assert.ok(
      (error.details as { in: string; field: string }[]).some((d) => d.in === where && d.field === field),
      `${what} names ${where} ${field}: ${response.body}`,
    );
  };

  it('answers 422 naming the path parameter that holds a NUL, on every route', async () => {
    let probed = 0;
    for (const { method, url } of s.routes) {
      for (const param of pathParams(url)) {
        await assertNamed(
          `${method} ${url}`,
          await send(method, fillUrl(url, { [param]: NUL })),
          'path',
          param,
        );
        probed++;
      }
    }
    assert.ok(probed >= 8, `path parameters probed: ${probed}`);
  });

  it('answers 422 naming the query parameter that holds a NUL, on every route', async () => {
    let probed = 0;
    for (const { method, url, route } of s.routes) {
      for (const key of schemaKeys(route.schema?.querystring)) {
        const target = `${fillUrl(url)}?${key}=${encodeURIComponent(NUL)}`;
        await assertNamed(`${method} ${url} ?${key}`, await send(method, target), 'query', key);
        probed++;
      }
    }
    assert.ok(probed >= 40, `query parameters probed: ${probed}`);
  });

  it('answers 422 naming the JSON body field that holds a NUL, nested ones and keys too', async () => {
    let probed = 0;
    for (const { method, url, route } of s.routes) {
      if (route.config?.bodyNulJudgedPerRecord) continue;
      for (const key of schemaKeys(route.schema?.body)) {
        const target = fillUrl(url);
        await assertNamed(`${method} ${url} ${key}`, await send(method, target, { [key]: NUL }), 'body', key);
        const nested = await send(method, target, { [key]: { inner: [NUL] } });
        await assertNamed(`${method} ${url} ${key} nested`, nested, 'body', `${key}.inner.0`);
        probed++;
      }
    }
    assert.ok(probed >= 15, `body fields probed: ${probed}`);
    const sneaky = await send('POST', '/api/v1/alert-rules', { name: 'x', params: { [`k${NUL}`]: 1 } });
    await assertNamed('a key', sneaky, 'body', 'params.ka\\0b');
  });

  it('leaves a NUL inside submitted reports to the intake (one report, not the batch), but guards its query', async () => {
    const reports = s.routes.filter((r) => r.route.config?.bodyNulJudgedPerRecord);
    assert.deepEqual(
      reports.map((r) => `${r.method} ${r.url}`),
      // A NUL in a NEMSIS document is malformed XML, answered by the reader per document (nemsis-api.test.ts).
      ['POST /api/v1/reports', 'POST /api/v1/reports/nemsis'],
    );
    const response = await send('POST', `/api/v1/reports?x=${encodeURIComponent(NUL)}`, { reports: [] });
    await assertNamed('reports query', response, 'query', 'x');
  });

  it('answers 400 on the cursor field for a cursor it did not give, on every paginated route', async () => {
    const paginated = s.routes.filter((r) => schemaKeys(r.route.schema?.querystring).includes('cursor'));
    assert.deepEqual(paginated.map((r) => r.url).sort(), [
      '/api/v1/admin/audit',
      '/api/v1/admin/users',
      '/api/v1/announcements',
      '/api/v1/community-alerts',
      '/api/v1/directory/services',
      '/api/v1/fatality-reviews',
      '/api/v1/interop/connectors/:id/deliveries',
      '/api/v1/interop/odmap/overdoses',
      '/api/v1/naloxone/access-points',
      '/api/v1/outreach/cases',
      '/api/v1/overdoses',
      '/api/v1/overdoses/unplaced',
      '/api/v1/publications/archive',
      '/api/v1/referrals',
      '/api/v1/reports/archive',
    ]);
    const id = '00000000-0000-4000-8000-000000000000';
    const base64 = (text: string) => Buffer.from(text).toString('base64url');
    const malformed = [
      'not-a-cursor',
      '%%%',
      base64('x|y'),
      base64('2024-01-01T00:00:00.000Z|not-an-id'),
      base64('["x","y"]'),
      base64(JSON.stringify(['2024-02-30T00:00:00.000Z', id])),
      base64(JSON.stringify(['+275760-09-13T00:00:00.000Z', id])),
      base64(JSON.stringify(['0000-01-01T00:00:00.000Z', id])),
      base64(JSON.stringify([1, id])),
      base64(JSON.stringify(['2024-01-01T00:00:00.000Z', id, 'more'])),
    ];
    // The outreach queue is read by its coordinators (an analyst reads no case: 404), the referrals
    // sent to an organization by its providers.
    const coordinator = await signInUserOf(s, 'outreach_coordinator', null);
    const [organization] = await listOrganizations(s.context.db, s.jurisdiction.id);
    const provider = await signInUserOf(s, 'service_provider', organization?.id ?? null);
    // A connector's deliveries are listed under the connector, which must exist; an ODMAP export names its agency and range.
    const connectorId = '00000000-0000-4000-8000-0000000000c1';
    const sealed = s.context.keyring.seal('a connector secret');
    await insertConnector(s.context.db, {
      jurisdictionId: s.jurisdiction.id,
      id: connectorId,
      name: 'Hub',
      targetUrl: 'https://hub.example.org/odmap',
      organizationId: null,
      sharingAgreementId: id,
      secretKeyId: sealed.keyId,
      secretSealed: sealed.sealed,
      enabled: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const queryOf: Record<string, string> = {
      '/api/v1/interop/odmap/overdoses': `organization_id=${organization?.id}&from=2024-01-01&to=2024-12-31&`,
    };
    for (const { url: pattern } of paginated) {
      const url = fillUrl(pattern, { id: connectorId });
      // The users of a jurisdiction are listed to its administrators.
      const cookie = url.startsWith('/api/v1/outreach/')
        ? coordinator
        : url === '/api/v1/referrals'
          ? provider
          : url.startsWith('/api/v1/admin/')
            ? s.cookies.get('administrator')
            : undefined;
      const send = (method: string, to: string) =>
        s.app.inject({
          method: method as 'GET',
          url: to,
          headers: { cookie: cookie ?? (s.cookies.get('analyst') as string), origin: OWN_ORIGIN },
        });
      for (const cursor of malformed) {
        const response = await send(
          'GET',
          `${url}?${queryOf[pattern] ?? ''}cursor=${encodeURIComponent(cursor)}`,
        );
        assert.equal(response.statusCode, 400, `${url} ${cursor}: ${response.body}`);
        assert.deepEqual(
          [response.json().error.code, response.json().error.details],
          ['VALIDATION_FAILED', { field: 'cursor' }],
        );
      }
      // Directory search continues by distance and name, not by time (HSDS ids are not uuids).
      // The audit trail continues below an entry's seq.
      const good = url.startsWith('/api/v1/directory/')
        ? encodeDirectoryCursor({ distanceKm: null, name: 'a', id: 'service-1' })
        : url === '/api/v1/admin/audit'
          ? encodeAuditTrailCursor(7)
          : encodePageCursor({ at: new Date('2024-01-01T00:00:00Z'), id });
      assert.equal(
        (await send('GET', `${url}?${queryOf[pattern] ?? ''}cursor=${good}`)).statusCode,
        200,
        `${url} takes its own cursor`,
      );
    }
  });
});

/** Signs in an outreach coordinator of the app's jurisdiction; returns her session cookie. */
async function signInUserOf(s: SecurityApp, role: Role, organizationId: string | null): Promise<string> {
  const email = `cursor-${role}.${s.jurisdiction.id}@example.org`;
  await s.context.access.createUser(cliActor, {
    jurisdictionId: s.jurisdiction.id,
    email,
    displayName: role,
    role,
    organizationId,
    password: TEST_PASSWORD,
  });
  const login = await s.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  return String(login.headers['set-cookie']).split(';')[0] as string;
}
