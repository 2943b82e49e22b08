import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { parseRangeList } from '../platform/ip-ranges.js';
import { enqueueOverdosePushes } from './push-enqueue.js';
import { verifyPush } from './push-signature.js';

const SECRET = 'a shared secret of the state hub';

/** One request the loopback receiver answered with success. */
interface Received {
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  delivery: string | undefined;
}

describeEachEngine('push connectors', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let receiver: Server;
  let port: number;
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  let analyst: string;
  let cookies: Map<string, string>;
  let agreementId: string;
  let connectorId: string;
  const received: Received[] = [];
  /** Requests still to be answered 503 before the receiver accepts again. */
  let failuresLeft = 0;
  let requests = 0;

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie = analyst) =>
    app.inject({ method, url, headers: { cookie, origin: OWN_ORIGIN }, ...(payload ? { payload } : {}) });
  /** Lets the outbox's retries that are waiting their backoff go now, and handles every event. */
  const settle = async () => {
    for (let round = 0; round < 12; round += 1) {
      await context.alerts.idle();
      await context.db.query('update outbox_events set available_at = now() where handled_at is null');
      if ((await context.outbox.drain()) === 0) {
        const [left] = await context.db.query<{ n: number }>(
          'select count(*)::int as n from outbox_events where handled_at is null',
        );
        if (left?.n === 0) return;
      }
    }
  };
  const report = (id: string, extra: Record<string, unknown> = {}) => {
    const fields = {
      source_record_id: id,
      occurred_at: '2026-03-01T14:00:00Z',
      latitude: 41.7658,
      longitude: -72.6734,
      substances: 'fentanyl',
      ...extra,
    };
    return ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: [{ raw: fields, fields }],
    });
  };
  const deliveries = async () =>
    (await call('GET', `/api/v1/interop/connectors/${connectorId}/deliveries`)).json().deliveries as {
      id: string;
      kind: string;
      overdose_id: string | null;
      status: string;
      attempts: number;
      last_error: string | null;
    }[];

  before(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests += 1;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          response.writeHead(503).end();
          return;
        }
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          timestamp: request.headers['x-sos-timestamp'] as string | undefined,
          signature: request.headers['x-sos-signature'] as string | undefined,
          delivery: request.headers['x-sos-delivery'] as string | undefined,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    port = (receiver.address() as AddressInfo).port;
    context = await openTestContext(engine, {
      clock: { now: () => new Date('2026-03-02T12:00:00Z') },
      // The receiver listens on loopback, which connectors may reach only where an operator allows it, as webhooks.
      config: { webhookAllowedRanges: parseRangeList('127.0.0.0/8', 'test') },
    });
    ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    app = await buildApp(context);
    cookies = await signInRoles(
      app,
      context,
      jurisdiction.id,
      ['analyst', 'administrator', 'public_safety_analyst', 'submitter'],
      organization.id,
    );
    analyst = cookies.get('analyst') as string;
    const agreement = await call(
      'POST',
      '/api/v1/sharing-agreements',
      {
        title: 'ODMAP participation agreement',
        parties: [organization.id],
        purpose: 'Overdose spike detection across jurisdictions',
        data_categories: ['line_level_overdoses'],
        legal_basis: 'Participation agreement',
        starts_on: '2026-01-01',
      },
      cookies.get('administrator'),
    );
    assert.equal(agreement.statusCode, 201, agreement.body);
    agreementId = agreement.json().id;
  });
  after(async () => {
    await app.close();
    await context.dispose();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('refuses a private address unless allowed, and a connector without an agreement covering it', async () => {
    const base = { name: 'Hub', secret: SECRET, sharing_agreement_id: agreementId };
    for (const url of ['http://10.1.2.3/odmap', 'http://169.254.169.254/latest', 'http://[::1]/odmap']) {
      const refused = await call('POST', '/api/v1/interop/connectors', { ...base, target_url: url });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().error.code, 'WEBHOOK_ADDRESS_REFUSED');
      assert.equal(refused.json().error.details.field, 'target_url');
    }
    const noAgreement = await call('POST', '/api/v1/interop/connectors', {
      ...base,
      target_url: `http://127.0.0.1:${port}/odmap`,
      sharing_agreement_id: '0191f0c2-0000-7000-8000-000000000009',
    });
    assert.equal(noAgreement.statusCode, 422, noAgreement.body);
    assert.equal(noAgreement.json().error.code, 'AGREEMENT_REQUIRED');
    for (const role of ['public_safety_analyst', 'submitter', 'administrator']) {
      const refused = await call('GET', '/api/v1/interop/connectors', undefined, cookies.get(role));
      assert.equal(refused.statusCode, 403, role);
    }
  });

  it('pushes a new overdose as a signed ODMAP record that verifies, and a test body on demand', async () => {
    const created = await call('POST', '/api/v1/interop/connectors', {
      name: 'State hub',
      target_url: `http://127.0.0.1:${port}/odmap`,
      organization_id: organization.id,
      sharing_agreement_id: agreementId,
      secret: SECRET,
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.doesNotMatch(created.body, /shared secret/);
    connectorId = created.json().id;
    const [result] = await report('push-1', { fatal: true, naloxone_doses: 3 });
    await settle();
    assert.equal(received.length, 1);
    const [first] = received;
    const nowSeconds = Math.floor(new Date('2026-03-02T12:00:00Z').getTime() / 1000);
    assert.ok(
      verifyPush(
        first?.body ?? '',
        SECRET,
        { timestamp: first?.timestamp, signature: first?.signature },
        nowSeconds,
      ),
    );
    assert.ok(
      !verifyPush(
        first?.body ?? '',
        'another secret',
        { timestamp: first?.timestamp, signature: first?.signature },
        nowSeconds,
      ),
    );
    // A replay much later is refused by a receiver that checks the timestamp.
    assert.ok(
      !verifyPush(
        first?.body ?? '',
        SECRET,
        { timestamp: first?.timestamp, signature: first?.signature },
        nowSeconds + 3600,
      ),
    );
    const body = JSON.parse(first?.body ?? '{}');
    assert.equal(body.type, 'overdose');
    assert.deepEqual(
      [
        body.record.incident_id,
        body.record.overdose_type,
        body.record.naloxone_administered,
        body.record.naloxone_doses,
      ],
      [result?.overdoseId, 'Fatal', 'Yes', 3],
    );
    assert.deepEqual([body.record.incident_date, body.record.incident_time], ['2026-03-01', '09:00']);
    assert.deepEqual(body.record.suspected_drugs, ['Fentanyl']);
    assert.equal(body.record.agency_id, organization.id);
    const test = await call('POST', `/api/v1/interop/connectors/${connectorId}/test`);
    assert.equal(test.statusCode, 202, test.body);
    await settle();
    assert.equal(received.length, 2);
    assert.equal(JSON.parse(received[1]?.body ?? '{}').type, 'test');
    assert.equal(received[1]?.delivery, test.json().id);
    const listed = await deliveries();
    assert.deepEqual(listed.map((d) => [d.kind, d.status, d.attempts]).sort(), [
      ['overdose', 'delivered', 1],
      ['test', 'delivered', 1],
    ]);
  });

  it('delivers once after a receiver fails twice, and makes no second delivery when the change is heard again', async () => {
    const before = received.length;
    failuresLeft = 2;
    const requestsBefore = requests;
    const [result] = await report('push-2');
    await settle();
    assert.equal(requests - requestsBefore, 3);
    const bodies = received.slice(before).map((r) => JSON.parse(r.body));
    assert.deepEqual(
      bodies.map((b) => b.record.incident_id),
      [result?.overdoseId],
    );
    const delivery = (await deliveries()).find((d) => d.overdose_id === result?.overdoseId);
    assert.deepEqual([delivery?.status, delivery?.attempts, delivery?.last_error], ['delivered', 3, null]);
    // The same committed change handled again (a server died after sending): nothing new to send.
    const made = await enqueueOverdosePushes(context, {
      jurisdictionId: jurisdiction.id,
      overdoseIds: [result?.overdoseId as string],
    });
    assert.equal(made, 0);
    // A correction that changes what ODMAP sees is pushed again.
    await report('push-2', { fatal: true });
    await settle();
    const corrected = received.slice(before).map((r) => JSON.parse(r.body).record);
    assert.deepEqual(
      corrected.map((r) => [r.incident_id, r.overdose_type]),
      [
        [result?.overdoseId, 'Non-Fatal'],
        [result?.overdoseId, 'Fatal'],
      ],
    );
  });

  it('gives a delivery up after its attempts, and the analyst retries it', async () => {
    failuresLeft = 8;
    const before = received.length;
    const [result] = await report('push-3');
    await settle();
    const failed = (await deliveries()).find((d) => d.overdose_id === result?.overdoseId);
    assert.deepEqual([failed?.status, failed?.attempts], ['failed', 8]);
    assert.match(failed?.last_error ?? '', /503/);
    assert.equal(received.length, before);
    const notFailed = (await deliveries()).find((d) => d.status === 'delivered');
    const refused = await call(
      'POST',
      `/api/v1/interop/connectors/${connectorId}/deliveries/${notFailed?.id}/retry`,
    );
    assert.equal(refused.statusCode, 409);
    const retried = await call(
      'POST',
      `/api/v1/interop/connectors/${connectorId}/deliveries/${failed?.id}/retry`,
    );
    assert.equal(retried.statusCode, 202, retried.body);
    await settle();
    const done = (await deliveries()).find((d) => d.id === failed?.id);
    assert.equal(done?.status, 'delivered');
    assert.equal(received.length, before + 1);
  });

  it('pushes nothing while disabled, and audits the connector without its secret', async () => {
    const edited = await call('PUT', `/api/v1/interop/connectors/${connectorId}`, {
      name: 'State hub',
      target_url: `http://127.0.0.1:${port}/odmap`,
      organization_id: organization.id,
      sharing_agreement_id: agreementId,
      enabled: false,
    });
    assert.equal(edited.statusCode, 200, edited.body);
    const before = received.length;
    await report('push-4');
    await settle();
    assert.equal(received.length, before);
    const audits = await context.db.query<{ action: string; details: Record<string, unknown> }>(
      `select action, details from audit_entries where jurisdiction_id = $1 and subject_type = 'interop_connector' order by seq`,
      [jurisdiction.id],
    );
    assert.deepEqual(
      audits.map((a) => a.action),
      [
        'interop_connectors.create',
        'interop_connectors.test',
        'interop_connectors.retry',
        'interop_connectors.edit',
      ],
    );
    assert.doesNotMatch(JSON.stringify(audits), /shared secret/);
  });
});
