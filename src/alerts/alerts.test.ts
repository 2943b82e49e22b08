import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { newId } from '../platform/ids.js';
import { parseRangeList } from '../platform/ip-ranges.js';
import { AlertNotifier } from './alert-notifier.js';
import {
  type AlertDelivery,
  findAlert,
  findAlertRule,
  insertDeliveries,
  listDeliveries,
} from './alert-repository.js';
import { AlertDeliverySweep } from './delivery-sweep.js';
import { verifyWebhookSignature } from './webhook-signature.js';

interface ReceivedMail {
  to: string[];
  subject: string;
  body: string;
  at: number;
}
interface ReceivedHook {
  body: string;
  signature: string | undefined;
  delivery: string | undefined;
  at: number;
}

const HOUR = 3_600_000;
const NOW = new Date('2026-11-21T12:00:00Z');
const SECRET = 'a webhook secret of some length';

/** Decodes a plain-text message: its Subject and its quoted-printable (or 7-bit) body. */
function readMessage(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  const body = raw
    .slice(split + 4)
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return { subject, body };
}

/** Waits until a condition holds, polling, for at most `ms`. */
async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachEngine('alerts: a 24-hour threshold alert by email and signed webhook', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let smtp: SMTPServer;
  let receiver: Server;
  let key: string;
  let jurisdictionId: string;
  let analystCookie: string;
  let partnerCookie: string;
  const mails: ReceivedMail[] = [];
  const hooks: ReceivedHook[] = [];
  let failuresLeft = 1;

  before(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const message = readMessage(Buffer.concat(chunks).toString('utf8'));
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), ...message, at: Date.now() });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        // The first call fails, so the delivery is retried.
        if (failuresLeft-- > 0) {
          response.writeHead(503).end();
          return;
        }
        hooks.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: request.headers['x-sos-signature'] as string | undefined,
          delivery: request.headers['x-sos-delivery'] as string | undefined,
          at: Date.now(),
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const hookPort = (receiver.address() as AddressInfo).port;

    context = await openTestContext(engine, {
      clock: { now: () => NOW },
      config: {
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        mailFrom: 'SOS <alerts@sos.test>',
        // The receiver listens on loopback, which webhooks may reach only when an operator allows it.
        webhookAllowedRanges: parseRangeList('127.0.0.0/8', 'test'),
      },
      alertRetryDelaysMs: [50, 100, 200],
    });
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: organization.id,
      name: 'cad',
    }));
    // One overdose in each of the 30 earlier 24-hour windows: the threshold is 1.
    const background = Array.from({ length: 30 }, (_, i) => {
      const fields = {
        source_record_id: `bg-${i + 1}`,
        occurred_at: new Date(NOW.getTime() - (i + 1) * 24 * HOUR - 12 * HOUR).toISOString(),
        latitude: 41.5,
        longitude: -72.6,
      };
      return { raw: fields, fields };
    });
    await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: background,
    });
    app = await buildApp(context);
    const cookies = await signInRoles(app, context, jurisdiction.id, ['analyst', 'harm_reduction_partner']);
    analystCookie = cookies.get('analyst') as string;
    partnerCookie = cookies.get('harm_reduction_partner') as string;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: { cookie: analystCookie, origin: OWN_ORIGIN },
      payload: {
        name: 'County spike',
        minimum_count: 3,
        cool_down_minutes: 60,
        emails: { analyst: ['epi@health.test'], partner: ['outreach@harm-reduction.test'] },
        webhook: { url: `http://127.0.0.1:${hookPort}/sos-alerts`, secret: SECRET },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.doesNotMatch(created.body, /secret of some/);
    await context.alerts.idle();
  });

  after(async () => {
    await app.close();
    await context.dispose();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const post = (n: number) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        source_record_id: `cad-${n}`,
        occurred_at: new Date(NOW.getTime() - HOUR - n * 60_000).toISOString(),
        latitude: 41.7712,
        longitude: -72.6734,
        address: '12 Elm Street',
        age: 34,
        sex: 'female',
        substances: ['fentanyl'],
        narrative: 'found unresponsive in a car',
      },
    });

  it('raises nothing while the count is at the threshold or under the minimum', async () => {
    for (const n of [1, 2]) {
      assert.equal((await post(n)).statusCode, 201);
      await context.alerts.idle();
    }
    assert.equal(mails.length + hooks.length, 0);
    const listed = await app.inject({ url: '/api/v1/alerts', headers: { cookie: analystCookie } });
    assert.deepEqual(listed.json(), { alerts: [] });
  });

  it('emails both audiences and calls the signed webhook (retried once) within 5 s of the report that crossed', async () => {
    const response = await post(3);
    const answered = Date.now();
    assert.equal(response.statusCode, 201, response.body);
    await waitFor(() => mails.length === 2 && hooks.length === 1, 5_000);
    const delay = Math.max(...mails.map((m) => m.at), ...hooks.map((h) => h.at)) - answered;
    console.log(`# alert delay after the crossing report [${engine}]: ${delay} ms`);
    assert.ok(delay < 5_000);

    const analyst = mails.find((m) => m.to.includes('epi@health.test'));
    const partner = mails.find((m) => m.to.includes('outreach@harm-reduction.test'));
    assert.ok(analyst && partner);
    // The recurrence threshold is 1, the minimum 3: the threshold that applied is the minimum.
    assert.match(analyst.subject, /County spike: 3 suspected overdoses in 24 hours \(threshold 3\)/);
    assert.match(
      analyst.body,
      /Threshold: 3, the smallest count that raises an alert: above the recurrence threshold of 1/,
    );
    assert.match(analyst.body, /2026-11-20T12:00:00\.000Z to 2026-11-21T12:00:00\.000Z/);
    assert.match(analyst.body, /threshold_24h/);
    assert.match(
      partner.body,
      /More suspected overdoses than usual in Test County in the last 24 hours: 3 \(alert level 3\)/,
    );
    const overdoseIds = (await context.db.query<{ id: string }>('select id from overdoses')).map((r) => r.id);
    for (const detail of ['cad-', 'Elm', '41.77', '72.67', 'female', '34', 'fentanyl', 'unresponsive']) {
      assert.ok(!partner.body.includes(detail), `the partner email holds "${detail}"`);
    }
    assert.doesNotMatch(partner.body, /\d{1,2}:\d{2}/, 'no time of day');
    for (const id of overdoseIds) assert.ok(!partner.body.includes(id));

    const [hook] = hooks;
    assert.ok(hook);
    assert.ok(verifyWebhookSignature(hook.body, SECRET, hook.signature), 'the HMAC matches');
    const payload = JSON.parse(hook.body);
    assert.equal(payload.count, 3);
    assert.equal(payload.threshold, 3);
    assert.equal(payload.raised_hour, '2026-11-21T12:00:00.000Z');

    await context.alerts.idle();
    const [alert] = (await app.inject({ url: '/api/v1/alerts', headers: { cookie: analystCookie } })).json()
      .alerts;
    assert.equal(alert.count, 3);
    assert.deepEqual(alert.earlier_counts, Array(30).fill(1));
    const deliveries = await listDeliveries(context.db, jurisdictionId, alert.id);
    assert.deepEqual(
      deliveries.map((d) => [d.channel, d.status, d.attempts]),
      [
        ['email', 'sent', 1],
        ['email', 'sent', 1],
        ['webhook', 'sent', 2],
      ],
    );
    assert.equal(deliveries.find((d) => d.channel === 'webhook')?.id, hook.delivery);

    const partnerView = (
      await app.inject({ url: '/api/v1/alerts', headers: { cookie: partnerCookie } })
    ).json();
    assert.equal(partnerView.alerts[0].count, 3);
    assert.equal(partnerView.alerts[0].scope, undefined);
  });

  it('continues the open episode on a fourth overdose: its peak rises, nobody is told again', async () => {
    assert.equal((await post(4)).statusCode, 201);
    await context.alerts.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(mails.length, 2);
    assert.equal(hooks.length, 1);
    assert.equal((await context.db.query<{ n: number }>('select count(*)::int as n from alerts'))[0]?.n, 1);
    const [alert] = (await app.inject({ url: '/api/v1/alerts', headers: { cookie: analystCookie } })).json()
      .alerts;
    assert.deepEqual([alert.count, alert.peak_count, alert.ended_at], [3, 4, null]);
  });

  it('lists rules without their webhook secret, and only to those who manage alerts', async () => {
    const rules = await app.inject({ url: '/api/v1/alert-rules', headers: { cookie: analystCookie } });
    assert.equal(rules.statusCode, 200);
    assert.equal(rules.json().rules[0].webhook.has_secret, true);
    assert.doesNotMatch(rules.body, /secret of some|sealed/);
    const denied = await app.inject({ url: '/api/v1/alert-rules', headers: { cookie: partnerCookie } });
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, 'FORBIDDEN');
  });

  /** Any alert raised above, with its rule: the deliveries below belong to it. */
  async function raisedAlert() {
    const [row] = await context.db.query<{ id: string }>('select id from alerts order by raised_at limit 1');
    assert.ok(row, 'an alert was raised above');
    const alert = await findAlert(context.db, jurisdictionId, row.id);
    const rule = alert && (await findAlertRule(context.db, jurisdictionId, alert.ruleId));
    assert.ok(alert && rule);
    return { alert, rule };
  }

  const pendingDelivery = (alertId: string, fields: Partial<AlertDelivery>): AlertDelivery => ({
    jurisdictionId,
    id: newId(),
    alertId,
    channel: 'email',
    audience: 'analyst',
    target: 'epi@health.test',
    attempts: 0,
    status: 'pending',
    lastError: null,
    sentAt: null,
    nextAttemptAt: null,
    ...fields,
  });

  it('resumes a delivery a stopped server left: two servers sweep at once and one email goes out', async () => {
    const { alert } = await raisedAlert();
    // What a server stopped during its backoff leaves: one failed attempt, the next due a minute ago.
    const left = pendingDelivery(alert.id, {
      target: 'late@health.test',
      attempts: 1,
      lastError: 'the server stopped',
      nextAttemptAt: new Date(Date.now() - 60_000),
    });
    const notYet = pendingDelivery(alert.id, {
      target: 'later@health.test',
      attempts: 1,
      nextAttemptAt: new Date(Date.now() + 600_000),
    });
    await insertDeliveries(context.db, [left, notYet]);
    const otherServer = new AlertNotifier(context.db, context.keyring, {
      smtpUrl: context.config.smtpUrl,
      mailFrom: context.config.mailFrom,
      webhookAddresses: { allowedRanges: context.config.webhookAllowedRanges },
    });
    const otherSweep = new AlertDeliverySweep(context.db, otherServer);
    const [here, there] = await Promise.all([context.alertDeliveries.runOnce(), otherSweep.runOnce()]);
    otherServer.close();
    assert.ok(here + there >= 1, 'the left delivery was due');
    assert.equal(mails.filter((m) => m.to.includes('late@health.test')).length, 1, 'sent once');
    assert.equal(mails.filter((m) => m.to.includes('later@health.test')).length, 0, 'not before its time');
    const rows = new Map((await listDeliveries(context.db, jurisdictionId, alert.id)).map((d) => [d.id, d]));
    assert.deepEqual(
      [rows.get(left.id)?.status, rows.get(left.id)?.attempts, rows.get(left.id)?.nextAttemptAt],
      ['sent', 2, null],
    );
    assert.deepEqual([rows.get(notYet.id)?.status, rows.get(notYet.id)?.attempts], ['pending', 1]);
  });

  it('leaves a long backoff to the sweep, which gives up after the last retry', async () => {
    const { alert, rule } = await raisedAlert();
    // Nothing listens on port 1: every attempt fails at once.
    const refused = pendingDelivery(alert.id, {
      channel: 'webhook',
      audience: null,
      target: 'http://127.0.0.1:1/',
    });
    await insertDeliveries(context.db, [refused]);
    const notifier = new AlertNotifier(context.db, context.keyring, {
      smtpUrl: null,
      mailFrom: 'SOS <alerts@sos.test>',
      webhookAddresses: { allowedRanges: context.config.webhookAllowedRanges },
      retryDelaysMs: [10, 120_000],
    });
    const started = Date.now();
    await notifier.deliver(rule, alert, [refused]);
    const read = async () =>
      (await listDeliveries(context.db, jurisdictionId, alert.id)).find((d) => d.id === refused.id);
    const waiting = await read();
    assert.deepEqual([waiting?.status, waiting?.attempts], ['pending', 2]);
    assert.ok(Date.now() - started < 60_000, 'the process did not sleep through the long wait');
    const due = waiting?.nextAttemptAt ? new Date(waiting.nextAttemptAt).getTime() - started : 0;
    assert.ok(due >= 120_000 && due < 130_000, `due ${due} ms after the first attempt`);
    assert.equal(await new AlertDeliverySweep(context.db, notifier).runOnce(), 0);
    await context.db.query('update alert_deliveries set next_attempt_at = $2 where id = $1', [
      refused.id,
      new Date(Date.now() - 1_000),
    ]);
    const sweep = new AlertDeliverySweep(context.db, notifier);
    assert.equal(await sweep.runOnce(), 1);
    const given = await read();
    assert.deepEqual([given?.status, given?.attempts, given?.nextAttemptAt], ['failed', 3, null]);
    assert.match(given?.lastError ?? '', /ECONNREFUSED/);
  });
});
