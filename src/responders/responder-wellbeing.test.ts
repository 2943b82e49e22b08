import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../../test/support/sign-in.js';
import { startSmtpInbox } from '../../test/support/smtp-inbox.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { recordSceneExposures } from './scene-exposures.js';

describeEachEngine('responder well-being: units, scene prompts, one-time links, counts', (engine) => {
  const time = new ManualTime(new Date('2026-03-20T12:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let jurisdiction: Jurisdiction;
  let ems: Organization;
  let police: Organization;
  const cookies = new Map<string, string>();
  const unitIds = new Map<string, string>();
  let sequence = 0;

  async function signIn(name: string, role: Role, organizationId: string | null): Promise<void> {
    const email = `${name}.${randomUUID().slice(0, 8)}@example.org`;
    await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email,
      displayName: name,
      role,
      organizationId,
      password: TEST_PASSWORD,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    cookies.set(name, String(login.headers['set-cookie']).split(';')[0] as string);
  }
  const call = (
    name: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(name ? { cookie: cookies.get(name) as string } : {}), origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  /** Sends one report and lets the outbox handle what it wrote. */
  async function report(organization: Organization, fields: Record<string, unknown>) {
    const item = { source_record_id: `r${++sequence}`, latitude: 41.7658, longitude: -72.6734, ...fields };
    const [result] = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: [{ raw: item, fields: item }],
    });
    assert.equal(result?.status, 'accepted', JSON.stringify(result?.problems));
    await settle();
    return result as { overdoseId: string };
  }
  async function settle(): Promise<void> {
    await context.outbox.idle();
    await context.outbox.drain();
  }
  const mailsTo = (address: string) => inbox.received.filter((m) => m.to.includes(address));
  const linkIn = (text: string) => /\/debrief-offer\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, {
      clock: time,
      config: { smtpUrl: inbox.url, publicUrl: 'https://sos.example.org' },
    });
    app = await buildApp(context);
    ({ jurisdiction, organization: ems } = await seedJurisdiction(context.db));
    police = { jurisdictionId: jurisdiction.id, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(context.db, police);
    await signIn('admin', 'administrator', null);
    await signIn('analyst', 'analyst', null);
    await signIn('police_analyst', 'public_safety_analyst', police.id);
    await signIn('partner', 'harm_reduction_partner', null);
    for (const [code, organization] of [
      ['M12', ems],
      ['E3', ems],
      ['P7', police],
    ] as const) {
      const created = await call('admin', 'POST', '/api/v1/responder-units', {
        organization_id: organization.id,
        code,
        name: `Unit ${code}`,
        supervisor_email: `sup-${code.toLowerCase()}@example.org`,
      });
      assert.equal(created.statusCode, 201, created.body);
      unitIds.set(code, created.json().id);
    }
    const contacts = await call('admin', 'PUT', '/api/v1/responder-peer-contacts', {
      contacts: [{ name: 'Peer Support Line', phone: '860-555-0199', email: null }],
    });
    assert.equal(contacts.statusCode, 200, contacts.body);
  });
  after(async () => {
    await app.close();
    await context.dispose();
    await inbox.close();
  });

  it('lets administrators only manage units, one code per organization', async () => {
    const body = { organization_id: ems.id, code: 'M12', name: 'Again', supervisor_email: 'x@example.org' };
    const taken = await call('admin', 'POST', '/api/v1/responder-units', body);
    assert.deepEqual([taken.statusCode, taken.json().error.code], [409, 'RESPONDER_UNIT_CODE_TAKEN']);
    const analyst = await call('analyst', 'POST', '/api/v1/responder-units', { ...body, code: 'Z1' });
    assert.deepEqual([analyst.statusCode, analyst.json().error.code], [403, 'FORBIDDEN']);
    const unknown = await call('admin', 'POST', '/api/v1/responder-units', {
      ...body,
      code: 'Z1',
      organization_id: randomUUID(),
    });
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'UNKNOWN_ORGANIZATION']);
    const list = await call('admin', 'GET', '/api/v1/responder-units');
    assert.deepEqual(
      list
        .json()
        .units.map((u: { code: string }) => u.code)
        .sort(),
      ['E3', 'M12', 'P7'],
    );
  });

  it('prompts the supervisor once after a fatal scene, with the peer-support contacts and a link', async () => {
    const fatal = await report(ems, {
      occurred_at: '2026-01-10T14:00:00-05:00',
      fatal: true,
      responding_unit: 'M12',
    });
    const mails = mailsTo('sup-m12@example.org');
    assert.equal(mails.length, 1);
    const mail = mails[0] as (typeof mails)[number];
    assert.match(mail.text, /Unit M12 responded on 2026-01-10 to an overdose scene with a death/);
    assert.match(mail.text, /Peer Support Line, 860-555-0199/);
    assert.match(mail.text, /https:\/\/sos\.example\.org\/debrief-offer\//);
    // A replay of the event and a correction of the report (its scene looked at again) prompt nobody again.
    await recordSceneExposures(
      {
        db: context.db,
        clock: time,
        mailer: { configured: true, send: () => assert.fail('sent twice') },
        siteUrl: '',
      },
      { jurisdiction_id: jurisdiction.id, overdose_ids: [fatal.overdoseId] },
    );
    await report(ems, {
      source_record_id: `r${sequence}`,
      occurred_at: '2026-01-10T14:00:00-05:00',
      fatal: true,
      naloxone_given: true,
      responding_unit: 'M12',
    });
    assert.equal(mailsTo('sup-m12@example.org').length, 1);
  });

  it('prompts nobody for an ordinary scene or a unit it does not know', async () => {
    const before = inbox.received.length;
    await report(ems, {
      occurred_at: '2026-01-12T09:00:00-05:00',
      fatal: false,
      age: 40,
      responding_unit: 'E3',
    });
    await report(ems, { occurred_at: '2026-01-13T09:00:00-05:00', fatal: true, responding_unit: 'X99' });
    await report(police, { occurred_at: '2026-01-14T09:00:00-05:00', fatal: true, responding_unit: 'M12' });
    assert.equal(inbox.received.length, before);
  });

  it("counts a child's scene and a scene of two victims 10 minutes and 50 m apart, for each unit there", async () => {
    await report(ems, { occurred_at: '2026-02-03T10:00:00-05:00', age: 15, responding_unit: 'M12' });
    assert.equal(mailsTo('sup-m12@example.org').length, 2);
    // Late on 31 January in New York (1 February in UTC): January's scene.
    await report(ems, {
      occurred_at: '2026-01-31T23:30:00-05:00',
      age: 30,
      fatal: false,
      responding_unit: 'E3',
    });
    assert.equal(mailsTo('sup-e3@example.org').length, 0);
    await report(police, {
      occurred_at: '2026-01-31T23:40:00-05:00',
      latitude: 41.76625,
      longitude: -72.6734,
      age: 33,
      fatal: false,
      responding_unit: 'P7',
    });
    assert.equal(mailsTo('sup-e3@example.org').length, 1);
    assert.equal(mailsTo('sup-p7@example.org').length, 1);
    assert.match(mailsTo('sup-p7@example.org')[0]?.text ?? '', /with several victims/);
    // 2 km away at the same time: a scene of its own.
    await report(ems, {
      occurred_at: '2026-01-31T23:35:00-05:00',
      latitude: 41.7838,
      age: 50,
      fatal: false,
      responding_unit: 'M12',
    });
    assert.equal(mailsTo('sup-m12@example.org').length, 2);
  });

  it('records through the link only that the offer was made and whether it was accepted, once', async () => {
    const token = linkIn(mailsTo('sup-m12@example.org')[0]?.text ?? '');
    const url = `/api/v1/debrief-offers/${token}`;
    const offer = await call(null, 'GET', url);
    assert.equal(offer.statusCode, 200, offer.body);
    assert.deepEqual(offer.json(), {
      unit_name: 'Unit M12',
      scene_day: '2026-01-10',
      scene_kinds: ['fatal'],
      // 14 days from the prompt, sent at the test clock's now.
      expires_at: '2026-04-03T12:00:00.000Z',
      answered: false,
    });
    for (const payload of [
      { offer_made: true, offer_accepted: true, notes: 'crew member shaken' },
      { offer_made: true, offer_accepted: true, responder_health: 'ok' },
      { offer_made: false, offer_accepted: true },
      { offer_made: true, offer_accepted: null },
      { offer_made: 'yes', offer_accepted: true },
    ]) {
      const refused = await call(null, 'POST', url, payload);
      assert.deepEqual(
        [refused.statusCode, refused.json().error.code],
        [400, 'VALIDATION_FAILED'],
        JSON.stringify(payload),
      );
    }
    const answered = await call(null, 'POST', url, { offer_made: true, offer_accepted: true });
    assert.equal(answered.statusCode, 200, answered.body);
    const again = await call(null, 'POST', url, { offer_made: true, offer_accepted: false });
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'DEBRIEF_ALREADY_ANSWERED']);
    const unknown = await call(null, 'POST', `/api/v1/debrief-offers/${'A'.repeat(43)}`, {
      offer_made: true,
      offer_accepted: true,
    });
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'NOT_FOUND']);
    // Only the hash is stored; the row holds the answer and nothing more.
    const rows = await context.db.query<Record<string, unknown>>(
      `select token_hash, offer_made, offer_accepted from responder_exposures where jurisdiction_id = $1 and answered_at is not null`,
      [jurisdiction.id],
    );
    assert.deepEqual(rows, [
      {
        token_hash: createHash('sha256').update(token).digest('hex'),
        offer_made: true,
        offer_accepted: true,
      },
    ]);
    const dump = await context.db.query<{ t: string }>(
      'select row_to_json(e)::text as t from responder_exposures e',
    );
    assert.ok(dump.every((r) => !r.t.includes(token)));
  });

  it("answers through the link's page, a form without script, with the same three answers only", async () => {
    const token = linkIn(mailsTo('sup-m12@example.org')[1]?.text ?? '');
    const url = `/debrief-offer/${token}`;
    const form = await app.inject({ method: 'GET', url });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Unit M12 responded on 2026-02-03 to a scene with a child/);
    assert.deepEqual(
      [...form.body.matchAll(/name="answer" value="(\w+)"/g)].map((m) => m[1]),
      ['accepted', 'declined', 'not_made'],
    );
    const post = (body: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: OWN_ORIGIN },
        payload: body,
      });
    assert.equal((await post('answer=declined&health=fine')).statusCode, 400);
    assert.equal((await post('answer=maybe')).statusCode, 400);
    const recorded = await post('answer=not_made');
    assert.equal(recorded.statusCode, 200, recorded.body);
    assert.match(recorded.body, /Recorded/);
    const again = await post('answer=accepted');
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already been recorded/);
    const [row] = await context.db.query<{ offer_made: boolean; offer_accepted: boolean | null }>(
      'select offer_made, offer_accepted from responder_exposures where unit_id = $1 and answered_at is not null and $2 = any(array[scene_kinds::text])',
      [unitIds.get('M12'), '["pediatric"]'],
    );
    assert.deepEqual({ ...row }, { offer_made: false, offer_accepted: null });
    assert.equal((await app.inject({ method: 'GET', url: '/debrief-offer/nonsense' })).statusCode, 404);
  });

  it('lets a link expire after 14 days, and a declined offer be recorded before then', async () => {
    const declined = linkIn(mailsTo('sup-e3@example.org')[0]?.text ?? '');
    const expired = linkIn(mailsTo('sup-p7@example.org')[0]?.text ?? '');
    time.advance(13 * 86_400_000);
    const made = await call(null, 'POST', `/api/v1/debrief-offers/${declined}`, {
      offer_made: true,
      offer_accepted: false,
    });
    assert.equal(made.statusCode, 200, made.body);
    time.advance(2 * 86_400_000);
    const late = await call(null, 'POST', `/api/v1/debrief-offers/${expired}`, {
      offer_made: true,
      offer_accepted: true,
    });
    assert.deepEqual([late.statusCode, late.json().error.code], [410, 'DEBRIEF_LINK_EXPIRED']);
  });

  it('counts scenes per unit per month, for analysts, and for the police analyst her own units only', async () => {
    // The sessions of before lapsed while the clock moved past the links' 14 days.
    await signIn('analyst', 'analyst', null);
    await signIn('police_analyst', 'public_safety_analyst', police.id);
    await signIn('admin', 'administrator', null);
    await signIn('partner', 'harm_reduction_partner', null);
    const zero = { fatal: 0, pediatric: 0, multiple_victim: 0, offers_made: 0, offers_accepted: 0 };
    const m12 = unitIds.get('M12') as string;
    const e3 = unitIds.get('E3') as string;
    const p7 = unitIds.get('P7') as string;
    // By hand: January: M12's fatal scene (offer made, accepted); E3 and P7's two-victim scene at
    // 23:30 and 23:40 on the 31st (E3 offer made, declined; P7 unanswered). February: M12's child.
    const expected = [
      { unit_id: m12, month: '2026-01', scenes: 1, ...zero, fatal: 1, offers_made: 1, offers_accepted: 1 },
      { unit_id: e3, month: '2026-01', scenes: 1, ...zero, multiple_victim: 1, offers_made: 1 },
      { unit_id: p7, month: '2026-01', scenes: 1, ...zero, multiple_victim: 1 },
      { unit_id: m12, month: '2026-02', scenes: 1, ...zero, pediatric: 1 },
    ];
    const order = (rows: { month: string; unit_id: string }[]) =>
      [...rows].sort((a, b) => a.month.localeCompare(b.month) || a.unit_id.localeCompare(b.unit_id));
    const all = await call('analyst', 'GET', '/api/v1/responder-wellbeing?from=2026-01&to=2026-03');
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(all.json().months, order(expected));
    const own = await call('police_analyst', 'GET', '/api/v1/responder-wellbeing?from=2026-01&to=2026-03');
    assert.deepEqual(own.json().months, order(expected.filter((r) => r.unit_id === p7)));
    assert.deepEqual(
      own.json().units.map((u: { code: string }) => u.code),
      ['P7'],
    );
    const february = await call('admin', 'GET', '/api/v1/responder-wellbeing?from=2026-02&to=2026-02');
    assert.deepEqual(february.json().months, order(expected.filter((r) => r.month === '2026-02')));
    const partner = await call('partner', 'GET', '/api/v1/responder-wellbeing?from=2026-01&to=2026-03');
    assert.deepEqual([partner.statusCode, partner.json().error.code], [403, 'FORBIDDEN']);
  });
});
