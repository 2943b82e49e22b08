import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { readAuditPage } from '../../src/access/audit/audit-repository.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { signInRoles } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

/**
 * Every read of line-level (T2) data leaves an audit entry with its purpose, its filters and how many
 * records it held: pages of overdoses, map points and the analysts' live stream. Partners' reads of
 * counts are not line-level and leave none.
 */
describeEachEngine('audit of line-level reads', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdictionId: string;
  let organization: Awaited<ReturnType<typeof seedJurisdiction>>['organization'];
  let jurisdiction: Awaited<ReturnType<typeof seedJurisdiction>>['jurisdiction'];

  const ingest = (ids: string[]) =>
    ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: ids.map((id, i) => {
        const fields = {
          source_record_id: id,
          occurred_at: `2024-05-0${i + 1}T12:00:00Z`,
          latitude: 41.5,
          longitude: -72.5,
          fatal: false,
        };
        return { raw: fields, fields };
      }),
    });

  /** The read entries of the jurisdiction's chain, oldest first. */
  const reads = async () =>
    (await readAuditPage(context.db, jurisdictionId, 0, 10_000)).filter((e) =>
      e.action.startsWith('overdoses.'),
    );

  before(async () => {
    context = await openTestContext(engine);
    ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    jurisdictionId = jurisdiction.id;
    await ingest(['a', 'b', 'c']);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdictionId, ['analyst', 'public_safety_analyst']);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('writes one entry per page of overdoses, with the filters and the number read', async () => {
    const before = (await reads()).length;
    const answer = await app.inject({
      method: 'GET',
      url: '/api/v1/overdoses?limit=2&from=2024-05-01&to=2024-05-31',
      headers: { cookie: cookies.get('analyst') as string },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    const entries = (await reads()).slice(before);
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.equal(entry?.action, 'overdoses.read');
    assert.equal(entry?.purpose, 'surveillance');
    assert.equal(entry?.actorType, 'user');
    assert.deepEqual(
      { ...(entry?.details as Record<string, unknown>) },
      { from: '2024-05-01', to: '2024-05-31', page_after: false, records: 2 },
    );
  });

  it('writes one entry per read of map points, with their number', async () => {
    const before = (await reads()).length;
    const answer = await app.inject({
      method: 'GET',
      url: '/api/v1/overdoses/points?from=2024-05-01&to=2024-05-31',
      headers: { cookie: cookies.get('analyst') as string },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    const entries = (await reads()).slice(before);
    assert.deepEqual(
      entries.map((e) => [e.action, (e.details as { records: number }).records]),
      [['overdoses.read_points', 3]],
    );
  });

  it("audits an analyst's live stream (its opening and the points it delivered), not a partner's", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const before = (await reads()).length;
    const open = (role: Role) =>
      new Promise<{ received: Promise<string>; close(): void }>((resolve, reject) => {
        const request = http.get(
          { host: '127.0.0.1', port, path: '/api/v1/live', headers: { cookie: cookies.get(role) as string } },
          (response) => {
            let text = '';
            const received = new Promise<string>((got) => {
              response.on('data', (chunk: Buffer) => {
                text += chunk.toString('utf8');
                if (text.includes('event: overdoses')) got(text);
              });
            });
            resolve({ received, close: () => request.destroy() });
          },
        );
        request.on('error', reject);
      });
    const analyst = await open('analyst');
    const partner = await open('public_safety_analyst');
    await ingest(['live-1', 'live-2']);
    await Promise.all([analyst.received, partner.received]);
    analyst.close();
    partner.close();
    // The stream's last reads are written when it closes, without holding up any delivery.
    let entries: Awaited<ReturnType<typeof reads>> = [];
    for (let i = 0; i < 100; i++) {
      entries = (await reads()).slice(before);
      if (entries.some((e) => e.action === 'overdoses.live_read')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(
      entries.map((e) => [e.action, e.actorId, (e.details as { records?: number }).records]),
      [
        ['overdoses.live_open', entries[0]?.actorId, undefined],
        ['overdoses.live_read', entries[0]?.actorId, 2],
      ],
    );
    const analystId = (
      await context.db.query<{ id: string }>("select id from users where role = 'analyst'")
    )[0]?.id;
    assert.equal(entries[0]?.actorId, analystId);
  });
});
