import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import { startSmtpInbox } from '../../../test/support/smtp-inbox.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { cliActor, type Role } from '../../access/roles.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { parseRangeList } from '../../platform/ip-ranges.js';
import { importLayer } from '../../surveillance/layer-service.js';
import { insertAlert } from '../alert-repository.js';
import type { Alert } from '../alert-rule.js';
import { signWebhookBody } from '../webhook-signature.js';
import { emailChannel, smsChannel } from './message-channels.js';
import { deliverCommunityMessage } from './message-delivery.js';

/** A fake SMS provider on loopback: records what SOS sends, and can fail the next sends. */
async function startFakeSmsProvider() {
  const received: { to: string; from: string; body: string; key: string; auth: string }[] = [];
  const state = { failNext: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({
        ...message,
        key: String(request.headers['idempotency-key']),
        auth: String(request.headers.authorization),
      });
      if (state.failNext > 0) {
        state.failNext--;
        response.statusCode = 500;
      } else response.statusCode = 202;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  return { url, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const SECRET = 'inbound shared secret';
const MEMBER = '+18605550123';
const OTHER = '+12035550177';
const EMAIL = 'member.alerts@example.net';

describeEachEngine('community alerts: opt-in by SMS and email, approval, sending, stop', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let baseUrl: string;
  let sms: Awaited<ReturnType<typeof startFakeSmsProvider>>;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let jurisdiction: Jurisdiction;
  let cookies: Map<Role, string>;
  const answers: string[] = [];
  const logged: string[] = [];
  const originals = { error: console.error, log: console.log, warn: console.warn, info: console.info };

  /** The fake provider posts a signed inbound message to SOS over HTTP, as a real provider would. */
  async function text(from: string, body: string, secret = SECRET) {
    const raw = JSON.stringify({ from, to: '+18605550100', body });
    const response = await fetch(`${baseUrl}/api/v1/community-alerts/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sos-signature': signWebhookBody(raw, secret) },
      body: raw,
    });
    const answer = await response.text();
    answers.push(answer);
    await settle();
    return { status: response.status, body: JSON.parse(answer) };
  }
  /** Waits until every message queued so far was tried (a NOTIFY may start a round after a drain). */
  async function settle() {
    for (let round = 0; round < 100; round++) {
      await context.outbox.idle();
      await context.outbox.drain();
      await context.outbox.idle();
      const [row] = await context.db.query<{ n: number }>(
        `select count(*)::int as n from community_messages where status = 'queued' and attempts = 0`,
      );
      if (Number(row?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const call = async (role: Role | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { ...(role ? { cookie: cookies.get(role) as string } : {}), origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    answers.push(response.body);
    return response;
  };
  const textsTo = (phone: string) => sms.received.filter((m) => m.to === phone);
  const mailsTo = (address: string) => inbox.received.filter((m) => m.to.includes(address));
  const draft = (areaIds: string[], sms: string) => ({
    title: 'Xylazine found in fentanyl',
    area_ids: areaIds,
    alert_id: null,
    drug_check_signal_id: 'dc-2026-11',
    texts: {
      public: { message: 'Drug checking found xylazine in fentanyl sold in the area.', sms },
      people_who_use_drugs: {
        message: 'Xylazine is in the fentanyl. Test your drugs, do not use alone, carry naloxone.',
        sms: `PWUD ${sms}`,
      },
      partners: { message: 'Please share: xylazine confirmed in local fentanyl samples.' },
    },
  });
  /** Drafts as the partner, approves and sends as the analyst; returns the sent alert. */
  async function approvedAlertSent(areaIds: string[], smsText: string) {
    const drafted = await call(
      'harm_reduction_partner',
      'POST',
      '/api/v1/community-alerts',
      draft(areaIds, smsText),
    );
    assert.equal(drafted.statusCode, 201, drafted.body);
    const { id, version } = drafted.json();
    const approved = await call('analyst', 'POST', `/api/v1/community-alerts/${id}/approve`, { version });
    assert.equal(approved.statusCode, 200, approved.body);
    const sent = await call('analyst', 'POST', `/api/v1/community-alerts/${id}/send`);
    assert.equal(sent.statusCode, 200, sent.body);
    await settle();
    return sent.json();
  }

  before(async () => {
    for (const name of ['error', 'log', 'warn', 'info'] as const) {
      console[name] = (...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '));
      };
    }
    sms = await startFakeSmsProvider();
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, {
      config: {
        smtpUrl: inbox.url,
        publicUrl: 'https://sos.example.org',
        smsUrl: sms.url,
        smsToken: 'provider-token',
        smsFrom: '+18605550100',
        smsWebhookSecret: SECRET,
        // The fake provider listens on loopback, which the SSRF guard refuses unless allowed.
        webhookAllowedRanges: parseRangeList('127.0.0.0/8', 'test'),
      },
    });
    ({ jurisdiction } = await seedJurisdiction(context.db));
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: path.resolve('demo-data', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    app = await buildApp(context);
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    cookies = await signInRoles(app, context, jurisdiction.id, ['analyst', 'harm_reduction_partner']);
  });
  after(async () => {
    Object.assign(console, originals);
    await app.close();
    await context.dispose();
    await sms.close();
    await inbox.close();
  });

  it('asks a texter to confirm, and confirms on YES', async () => {
    const joined = await text(MEMBER, 'JOIN Hartford');
    assert.deepEqual([joined.status, joined.body.outcome], [200, 'confirm_requested']);
    const [ask] = textsTo(MEMBER);
    assert.match(ask?.body ?? '', /Hartford.*Reply YES/);
    assert.equal(ask?.from, '+18605550100');
    assert.equal(ask?.auth, 'Bearer provider-token');
    assert.equal((await text(MEMBER, 'yes')).body.outcome, 'confirmed');
    assert.match(textsTo(MEMBER)[1]?.body ?? '', /You're in.*Hartford/);
    assert.equal((await text(OTHER, 'JOIN New Haven')).body.outcome, 'confirm_requested');
    assert.equal((await text(OTHER, 'YES')).body.outcome, 'confirmed');
    assert.equal((await text('+14135550100', 'JOIN Atlantis')).body.outcome, 'unknown_area');
    assert.match(textsTo('+14135550100')[0]?.body ?? '', /don't know "Atlantis"/);
    const help = await text(MEMBER, 'HELP');
    assert.equal(help.body.outcome, 'help');
    assert.match(textsTo(MEMBER)[2]?.body ?? '', /sends bad-batch drug alerts.*STOP/);
  });

  it('refuses an inbound message with a bad signature (401) and changes nothing', async () => {
    const before = sms.received.length;
    const forged = await text(MEMBER, 'STOP', 'not the secret');
    assert.equal(forged.status, 401);
    assert.equal(forged.body.error.code, 'SMS_SIGNATURE_INVALID');
    const [row] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from community_subscribers where jurisdiction_id = $1 and status = 'confirmed'`,
      [jurisdiction.id],
    );
    assert.equal(Number(row?.n), 2);
    assert.equal(sms.received.length, before);
  });

  it('lets only an analyst approve, and sends an approved alert to its areas only', async () => {
    const drafted = await call(
      'harm_reduction_partner',
      'POST',
      '/api/v1/community-alerts',
      draft(['Hartford'], 'Xylazine found in Hartford fentanyl. Test, carry naloxone.'),
    );
    assert.equal(drafted.statusCode, 201, drafted.body);
    const { id } = drafted.json();
    const byPartner = await call('harm_reduction_partner', 'POST', `/api/v1/community-alerts/${id}/approve`, {
      version: 1,
    });
    assert.deepEqual([byPartner.statusCode, byPartner.json().error.code], [403, 'FORBIDDEN']);
    const early = await call('analyst', 'POST', `/api/v1/community-alerts/${id}/send`);
    assert.deepEqual([early.statusCode, early.json().error.code], [409, 'COMMUNITY_ALERT_NOT_APPROVED']);
    assert.equal(
      (await call('analyst', 'POST', `/api/v1/community-alerts/${id}/approve`, { version: 1 })).statusCode,
      200,
    );
    // A change after approval is a new version, a draft again: it cannot go out unapproved.
    const changed = await call(
      'harm_reduction_partner',
      'PUT',
      `/api/v1/community-alerts/${id}`,
      draft(['Hartford'], 'Xylazine in Hartford fentanyl. Test first, carry naloxone.'),
    );
    assert.deepEqual([changed.json().status, changed.json().version], ['draft', 2]);
    const stale = await call('analyst', 'POST', `/api/v1/community-alerts/${id}/approve`, { version: 1 });
    assert.deepEqual([stale.statusCode, stale.json().error.code], [409, 'COMMUNITY_ALERT_VERSION_CHANGED']);
    assert.equal(
      (await call('analyst', 'POST', `/api/v1/community-alerts/${id}/approve`, { version: 2 })).statusCode,
      200,
    );
    const otherBefore = textsTo(OTHER).length;
    const sent = await call('analyst', 'POST', `/api/v1/community-alerts/${id}/send`);
    assert.equal(sent.statusCode, 200, sent.body);
    await settle();
    const alertText = textsTo(MEMBER).at(-1);
    assert.equal(
      alertText?.body,
      'Xylazine in Hartford fentanyl. Test first, carry naloxone. Reply STOP to stop.',
    );
    assert.equal(textsTo(OTHER).length, otherBefore, 'the New Haven subscriber gets nothing');
    const again = await call('analyst', 'POST', `/api/v1/community-alerts/${id}/send`);
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'COMMUNITY_ALERT_SENT']);
    const read = await call('analyst', 'GET', `/api/v1/community-alerts/${id}`);
    assert.deepEqual(read.json().deliveries.sms, { queued: 0, sent: 1, failed: 0 });
    // Subscriber counts against a count of the rows made another way.
    const counts = (
      await call('harm_reduction_partner', 'GET', '/api/v1/community-alerts/subscribers')
    ).json();
    const rows = await context.db.query<{ area_id: string; n: number }>(
      `select a.area_id, count(*)::int as n from community_subscription_areas a join community_subscribers s
         on s.jurisdiction_id = a.jurisdiction_id and s.id = a.subscriber_id
       where s.jurisdiction_id = $1 and s.status = 'confirmed' and s.channel = 'sms' group by a.area_id`,
      [jurisdiction.id],
    );
    for (const row of rows)
      assert.equal(counts.areas.find((a: { id: string }) => a.id === row.area_id).sms, Number(row.n));
    assert.equal(counts.subscribers.sms, 2);
  });

  it("starts a draft's wording from a spike alert of an area", async () => {
    const at = new Date();
    const alertId = randomUUID();
    await insertAlert(context.db, {
      jurisdictionId: jurisdiction.id,
      id: alertId,
      ruleId: randomUUID(),
      raisedAt: at,
      windowStart: at,
      windowEnd: at,
      count: 6,
      threshold: 4,
      status: 'new',
      details: {
        ruleName: 'Hartford spike',
        scope: { layerId: 'towns', areaId: 'Hartford' },
        placeName: 'Hartford',
      },
      peakCount: 6,
      lastWindowEnd: at,
      endedAt: null,
      updatedAt: at,
    } as unknown as Alert);
    const start = await call(
      'harm_reduction_partner',
      'GET',
      `/api/v1/community-alerts/drafts/from-alert/${alertId}`,
    );
    assert.equal(start.statusCode, 200, start.body);
    assert.deepEqual([start.json().area_ids, start.json().alert_id], [['Hartford'], alertId]);
    const saved = await call('harm_reduction_partner', 'POST', '/api/v1/community-alerts', start.json());
    assert.equal(saved.statusCode, 201, saved.body);
    const missing = await call(
      'analyst',
      'GET',
      `/api/v1/community-alerts/drafts/from-alert/${randomUUID()}`,
    );
    assert.equal(missing.statusCode, 404);
  });

  it('warns when an SMS text takes more than two parts', async () => {
    const drafted = await call(
      'analyst',
      'POST',
      '/api/v1/community-alerts',
      draft(['Hartford'], 'x'.repeat(320)),
    );
    assert.equal(drafted.json().texts.public.sms.parts, 3);
    assert.equal(drafted.json().warnings.length, 2);
  });

  it('sends the same idempotency key when a send is retried, and never sends twice', async () => {
    const alert = await approvedAlertSent(['New Haven'], 'Retry check in New Haven.');
    assert.equal(alert.status, 'sent');
    // The outbox sent it already; a redelivered event finds it sent and sends nothing.
    const [message] = await context.db.query<{ id: string }>(
      `select id from community_messages where community_alert_id = $1`,
      [alert.id],
    );
    const count = sms.received.length;
    const deps = {
      db: context.db,
      clock: context.clock,
      keyring: context.keyring,
      siteUrl: 'https://sos.example.org',
      channels: {
        sms: smsChannel({
          url: sms.url,
          token: 't',
          from: '+1',
          allowedRanges: parseRangeList('127.0.0.0/8', 'test'),
        }),
        email: emailChannel({ configured: false, send: async () => null }),
      },
    };
    await deliverCommunityMessage(deps, {
      jurisdiction_id: jurisdiction.id,
      message_id: message?.id as string,
    });
    assert.equal(sms.received.length, count);
    // A fresh message whose first send fails is retried with the same key.
    await context.db.query(`update community_messages set status = 'queued' where id = $1`, [message?.id]);
    sms.state.failNext = 1;
    await assert.rejects(
      deliverCommunityMessage(deps, { jurisdiction_id: jurisdiction.id, message_id: message?.id as string }),
      /answered 500/,
    );
    await deliverCommunityMessage(deps, {
      jurisdiction_id: jurisdiction.id,
      message_id: message?.id as string,
    });
    const tries = sms.received.slice(count);
    assert.equal(tries.length, 2);
    assert.equal(tries[0]?.key, message?.id);
    assert.equal(tries[1]?.key, message?.id);
  });

  it('stops at once on STOP, confirms once, and sends nothing after', async () => {
    const stopped = await text(MEMBER, 'STOP');
    assert.equal(stopped.body.outcome, 'stopped');
    const afterStop = textsTo(MEMBER).length;
    assert.match(textsTo(MEMBER).at(-1)?.body ?? '', /unsubscribed/);
    assert.equal((await text(MEMBER, 'stop')).body.outcome, 'already_stopped');
    await approvedAlertSent(['Hartford'], 'Second Hartford alert.');
    assert.equal(textsTo(MEMBER).length, afterStop, 'nothing after the one stop confirmation');
    // START after a stop only asks to confirm again.
    assert.equal((await text(MEMBER, 'START')).body.outcome, 'confirm_requested');
    assert.match(textsTo(MEMBER).at(-1)?.body ?? '', /Reply YES/);
  });

  it('confirms an email subscription by its link only, and stops by the stop link', async () => {
    const form = await app.inject({
      method: 'POST',
      url: `/alerts/subscribe/${jurisdiction.shortName}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: OWN_ORIGIN },
      payload: new URLSearchParams({
        lang: 'en',
        channel: 'email',
        email: EMAIL,
        area: 'Hartford',
        audience: 'people_who_use_drugs',
      }).toString(),
    });
    answers.push(form.body);
    assert.equal(form.statusCode, 200, form.body);
    await settle();
    const [ask] = mailsTo(EMAIL);
    const link = /https:\/\/sos\.example\.org(\/alerts\/confirm\/[A-Za-z0-9_-]{43})/.exec(
      ask?.text ?? '',
    )?.[1];
    assert.ok(link, ask?.text);
    // Not confirmed yet: an alert now does not reach the address.
    await approvedAlertSent(['Hartford'], 'Before confirming.');
    assert.equal(mailsTo(EMAIL).length, 1);
    const opened = await app.inject({ method: 'GET', url: link });
    assert.match(opened.body, /Yes, send me alerts/);
    const confirmed = await app.inject({ method: 'POST', url: link, headers: { origin: OWN_ORIGIN } });
    assert.match(confirmed.body, /You will get alerts for Hartford/);
    const reused = await app.inject({ method: 'POST', url: link, headers: { origin: OWN_ORIGIN } });
    assert.equal(reused.statusCode, 404);
    await settle();
    assert.match(mailsTo(EMAIL)[1]?.subject ?? '', /alerts confirmed/);
    await approvedAlertSent(['Hartford'], 'After confirming.');
    const alertMail = mailsTo(EMAIL)[2];
    assert.match(alertMail?.text ?? '', /Test your drugs, do not use alone, carry naloxone/);
    const stopLink = /https:\/\/sos\.example\.org(\/alerts\/stop\/[^\s]+)/.exec(
      alertMail?.text ?? '',
    )?.[1] as string;
    const forged = await app.inject({
      method: 'POST',
      url: `${stopLink.slice(0, -4)}AAAA`,
      headers: { origin: OWN_ORIGIN },
    });
    assert.equal(forged.statusCode, 404);
    const stop = await app.inject({ method: 'POST', url: stopLink, headers: { origin: OWN_ORIGIN } });
    assert.match(stop.body, /Stopped/);
    await settle();
    assert.match(mailsTo(EMAIL)[3]?.subject ?? '', /alerts stopped/);
    await approvedAlertSent(['Hartford'], 'After stopping.');
    assert.equal(mailsTo(EMAIL).length, 4);
  });

  it('records and logs a failed send without the address', async () => {
    sms.state.failNext = 1;
    const alert = await approvedAlertSent(['New Haven'], 'A send the provider refuses once.');
    assert.ok(
      logged.some((line) => line.includes('The SMS provider answered 500')),
      logged.join('\n'),
    );
    const [message] = await context.db.query<{ status: string; last_error: string }>(
      'select status, last_error from community_messages where community_alert_id = $1',
      [alert.id],
    );
    assert.deepEqual(message, { status: 'queued', last_error: 'The SMS provider answered 500' });
  });

  it('never shows a phone number or email address in an answer, an audit entry or a log line', async () => {
    const audit = await context.db.query<{ row: string }>(
      'select row_to_json(a)::text as row from audit_entries a where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.ok(audit.some((a) => a.row.includes('community_subscribers.confirm')));
    const stored = await context.db.query<{ row: string }>(
      'select row_to_json(s)::text as row from community_subscribers s where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    for (const secret of [MEMBER, OTHER, EMAIL, '8605550123', '2035550177']) {
      for (const answer of answers) assert.ok(!answer.includes(secret), `an answer shows ${secret}`);
      for (const entry of audit) assert.ok(!entry.row.includes(secret), `an audit entry shows ${secret}`);
      for (const line of logged) assert.ok(!line.includes(secret), `a log line shows ${secret}`);
      for (const row of stored)
        assert.ok(!row.row.includes(secret), `a subscriber row shows ${secret} unsealed`);
    }
    assert.ok(answers.length > 20);
  });
  it('refuses an inbound body over 8 KB, and a flood from one address', async () => {
    const big = JSON.stringify({ from: MEMBER, body: 'x'.repeat(9000) });
    const tooLarge = await fetch(`${baseUrl}/api/v1/community-alerts/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sos-signature': signWebhookBody(big, SECRET) },
      body: big,
    });
    assert.equal(tooLarge.status, 413);
    const statuses: number[] = [];
    for (let i = 0; i < 130 && !statuses.includes(429); i++)
      statuses.push((await text(OTHER, 'HELP', 'wrong')).status);
    assert.deepEqual([...new Set(statuses)], [401, 429]);
  });
});
