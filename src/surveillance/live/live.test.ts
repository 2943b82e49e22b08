import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { cliActor, type Role } from '../../access/roles.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';

/** Reads server-sent events from a stream until `want` events named `name` arrived. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  name: string,
  want: number,
): Promise<{ event: string; data: unknown }[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (events.filter((e) => e.event === name).length < want) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describeEachEngine('live updates and source freshness', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let base: string;
  let cookies: Map<Role, string>;
  let apiKey: string;
  let organizationId: string;

  before(async () => {
    context = await openTestContext(engine);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    organizationId = organization.id;
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    cookies = await signInRoles(app, context, jurisdiction.id, [
      'analyst',
      'harm_reduction_partner',
      'submitter',
    ]);
    apiKey = (
      await context.access.createApiKey(cliActor, {
        jurisdictionId: jurisdiction.id,
        organizationId: organization.id,
        name: 'cad',
      })
    ).key;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const open = async (role: Role) => {
    const response = await fetch(`${base}/api/v1/live`, { headers: { cookie: cookies.get(role) as string } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    return response.body as ReadableStream<Uint8Array>;
  };
  const submit = (report: Record<string, unknown>) =>
    fetch(`${base}/api/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });

  it('sends analysts the new point and partners only a day and cell count', async () => {
    const analyst = await open('analyst');
    const partner = await open('harm_reduction_partner');
    const analystEvents = readEvents(analyst, 'overdoses', 1);
    const partnerEvents = readEvents(partner, 'overdoses', 1);
    // Subscriptions are registered when the stream opens; give the server a tick to attach them.
    while (context.live.listenerCount < 2) await new Promise((r) => setTimeout(r, 10));
    const response = await submit({
      source_record_id: 'live-1',
      occurred_at: '2026-11-20T22:15:00Z',
      latitude: 41.77,
      longitude: -72.68,
      fatal: false,
      naloxone_given: true,
    });
    assert.equal(response.status, 201);
    const [toAnalyst] = (await analystEvents).filter((e) => e.event === 'overdoses');
    const [toPartner] = (await partnerEvents).filter((e) => e.event === 'overdoses');
    assert.ok(toAnalyst && toPartner, 'both streams heard the new overdose');
    const point = (toAnalyst.data as { points: Record<string, unknown>[] }).points[0];
    assert.equal(point?.latitude, 41.77);
    assert.equal(point?.occurred_at, '2026-11-20T22:15:00.000Z');
    const partnerText = JSON.stringify(toPartner.data);
    assert.deepEqual(Object.keys(toPartner.data as object), ['cells']);
    assert.doesNotMatch(partnerText, /41\.77|72\.68|22:15|latitude|occurred_at/);
    assert.equal((toPartner.data as { cells: { count: number; day: string }[] }).cells[0]?.day, '2026-11-20');
  });

  it('closes streams when the server stops listening to them, and refuses the public and submitters', async () => {
    assert.equal((await fetch(`${base}/api/v1/live`)).status, 401);
    const submitter = await fetch(`${base}/api/v1/live`, {
      headers: { cookie: cookies.get('submitter') as string },
    });
    assert.equal(submitter.status, 403);
    await submitter.body?.cancel();
    const before = context.live.listenerCount;
    const stream = await open('analyst');
    while (context.live.listenerCount === before) await new Promise((r) => setTimeout(r, 10));
    await stream.cancel();
    while (context.live.listenerCount > before) await new Promise((r) => setTimeout(r, 10));
    assert.equal(context.live.listenerCount, before);
  });

  it('counts a report the moment it is accepted, though answers are cached between changes', async () => {
    const total = async () => {
      const body = (await (
        await fetch(`${base}/api/v1/aggregates/counts?period=all&from=2026-01-01&to=2026-12-31`, {
          headers: { cookie: cookies.get('harm_reduction_partner') as string },
        })
      ).json()) as { rows: { count: number }[] };
      return body.rows.reduce((sum, r) => sum + r.count, 0);
    };
    const before = await total();
    assert.equal(await total(), before);
    const response = await submit({
      source_record_id: 'live-cache',
      occurred_at: '2026-11-20T08:00:00Z',
      latitude: 41.7,
      longitude: -72.6,
    });
    assert.equal(response.status, 201);
    assert.equal(await total(), before + 1);
  });

  it('shows when each source last reported: exact for analysts, to the hour for partners', async () => {
    const read = async (role: Role) =>
      (await fetch(`${base}/api/v1/sources`, { headers: { cookie: cookies.get(role) as string } })).json();
    const analyst = (await read('analyst')) as {
      organization_id: string;
      last_received_at: string;
      accepted_total: number;
    }[];
    const mine = analyst.find((s) => s.organization_id === organizationId);
    assert.ok(mine);
    assert.equal(mine.accepted_total, 2);
    const partner = (await read('harm_reduction_partner')) as {
      organization_id: string;
      last_received_at: string;
    }[];
    const coarse = partner.find((s) => s.organization_id === organizationId);
    assert.match(coarse?.last_received_at ?? '', /T\d\d:00:00\.000Z$/);
    assert.equal(
      new Date(mine.last_received_at).getTime() - (new Date(mine.last_received_at).getTime() % 3_600_000),
      new Date(coarse?.last_received_at ?? '').getTime(),
    );
    // A duplicate counts as activity (the source is alive) but not as an accepted report.
    await submit({
      source_record_id: 'live-1',
      occurred_at: '2026-11-20T22:15:00Z',
      latitude: 41.77,
      longitude: -72.68,
      fatal: false,
      naloxone_given: true,
    });
    const again = ((await read('analyst')) as typeof analyst).find(
      (s) => s.organization_id === organizationId,
    );
    assert.equal(again?.accepted_total, 2);
    assert.ok((again?.last_received_at ?? '') >= mine.last_received_at);
  });

  /** Reads events until `want` "overdoses" events arrived; each with the id the server gave it. */
  const readWithIds = async (body: ReadableStream<Uint8Array>, want: number) => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const events: { id: string; event: string; data: unknown }[] = [];
    let buffer = '';
    let lastId = '';
    while (events.length < want) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lastId = /^id: (.*)$/m.exec(block)?.[1] ?? lastId;
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ id: lastId, event, data: JSON.parse(data) });
      }
    }
    await reader.cancel();
    return { events, lastId };
  };
  const pointIds = (events: { data: unknown }[]) =>
    events.flatMap((e) => (e.data as { points: { id: string }[] }).points.map((p) => p.id));

  it('resumes a reconnecting stream from its Last-Event-ID: each missed change once, in order, for its tier', {
    timeout: 60_000,
  }, async () => {
    const first = await open('analyst');
    const firstEvents = readWithIds(first, 1);
    const posted = await submit({
      source_record_id: 'resume-0',
      occurred_at: '2026-11-21T10:00:00Z',
      latitude: 41.7,
      longitude: -72.6,
    });
    assert.equal(posted.status, 201);
    const { events: seen, lastId } = await firstEvents;
    assert.match(lastId, /^\d+$/);
    // Missed while away: three changes, then the stream comes back (header, as browsers send it).
    const missed: string[] = [];
    for (const n of [1, 2, 3]) {
      const response = await submit({
        source_record_id: `resume-${n}`,
        occurred_at: `2026-11-21T1${n}:00:00Z`,
        latitude: 41.7,
        longitude: -72.6,
      });
      assert.equal(response.status, 201);
      missed.push(((await response.json()) as { overdose_id: string }).overdose_id);
    }
    const again = await fetch(`${base}/api/v1/live`, {
      headers: { cookie: cookies.get('analyst') as string, 'last-event-id': lastId },
    });
    assert.equal(again.status, 200);
    const { events: resumed } = await readWithIds(again.body as ReadableStream<Uint8Array>, 3);
    assert.deepEqual(pointIds(resumed), missed, 'the missed overdoses, in order');
    assert.deepEqual(
      resumed.map((e) => Number(e.id)),
      [1, 2, 3].map((n) => Number(lastId) + n),
      'consecutive ids after the last one seen',
    );
    assert.ok(
      !pointIds(resumed).some((id) => pointIds(seen).includes(id)),
      'nothing seen before is sent again',
    );
    // A partner resuming by the query parameter gets the same changes as cell counts only.
    const partner = await fetch(`${base}/api/v1/live?lastEventId=${lastId}`, {
      headers: { cookie: cookies.get('harm_reduction_partner') as string },
    });
    const { events: cells } = await readWithIds(partner.body as ReadableStream<Uint8Array>, 3);
    assert.deepEqual(
      cells.map((e) => Object.keys(e.data as object)),
      [['cells'], ['cells'], ['cells']],
    );
    assert.doesNotMatch(JSON.stringify(cells), /latitude|occurred_at|41\.7/);
  });

  it('refuses a Last-Event-ID that is not an id it sent', async () => {
    const bad = await fetch(`${base}/api/v1/live?lastEventId=abc`, {
      headers: { cookie: cookies.get('analyst') as string },
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
  });
});
