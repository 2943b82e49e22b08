import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { lastPosition } from '../../src/surveillance/live/live-log.js';
import { launchBrowser, signInPage } from '../support/browser.js';
import { type LoadBalancer, startLoadBalancer } from '../support/load-balancer.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

/** Polls `read` until `done` holds of its answer; fails after `ms`. */
async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) assert.fail(`never happened within ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the dashboard's live stream resumes on another server", { timeout: 180_000 }, () => {
  let context: AppContext & { dispose(): Promise<void> };
  const apps = new Map<string, FastifyInstance>();
  let balancer: LoadBalancer;
  let browser: Browser;
  const sessions: BrowserContext[] = [];
  let jurisdictionId: string;
  let apiKey: string;
  const email = 'analyst.resume@example.org';

  before(async () => {
    context = await openTestContext('postgres');
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: 'Analyst',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    ({ key: apiKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: organization.id,
      name: 'cad',
    }));
    // Two servers on one database (in this process), behind haproxy.
    for (const name of ['a', 'b']) {
      const app = await buildApp(context);
      await app.listen({ host: '127.0.0.1', port: 0 });
      apps.set(name, app);
    }
    balancer = await startLoadBalancer(
      [...apps].map(([name, app]) => ({
        name,
        url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
      })),
    );
    browser = await launchBrowser();
  });

  after(async () => {
    for (const session of sessions) await session.close();
    await browser?.close();
    await balancer?.stop();
    for (const app of apps.values()) await app.close();
    await context?.dispose();
  });

  it("sends Last-Event-ID when the dashboard's EventSource reconnects after its server went away", async () => {
    const page = await signInPage(browser, balancer.url, email, sessions);
    const streams: { lastEventId: string | undefined; backend: Promise<string | undefined> }[] = [];
    page.on('request', (request) => {
      if (!request.url().includes('/api/v1/live')) return;
      const entry = {
        lastEventId: undefined as string | undefined,
        backend: request.response().then((r) => r?.headers()['x-sos-backend']),
      };
      streams.push(entry);
      void request.allHeaders().then((headers) => {
        entry.lastEventId = headers['last-event-id'];
      });
    });
    await page.reload();
    await until(
      () => streams.length,
      (n) => n >= 1,
      'the dashboard opened its live stream',
    );
    const first = streams[0] as (typeof streams)[number];
    assert.equal(first.lastEventId, undefined, 'a first connection has nothing to resume');
    const backend = (await first.backend) as string;
    assert.ok(apps.has(backend), `the stream went through haproxy to a server (${backend})`);
    // A change reaches the open stream; its id is the log's position.
    const posted = await fetch(`${balancer.url}/api/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source_record_id: 'resume-browser-1',
        occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
        latitude: 41.77,
        longitude: -72.67,
      }),
    });
    assert.equal(posted.status, 201, await posted.text());
    const position = await lastPosition(context.db, jurisdictionId);
    assert.ok(position >= 1);
    // Give the event time to reach the page, then take the stream's server away.
    await new Promise((r) => setTimeout(r, 1_000));
    await (apps.get(backend) as FastifyInstance).close();
    apps.delete(backend);
    const again = await until(
      () => streams.slice(1).find((s) => s.lastEventId !== undefined),
      (s) => s !== undefined,
      'the EventSource reconnected',
    );
    assert.equal(again?.lastEventId, String(position), 'it resumes after the last event it received');
    const other = [...apps.keys()][0];
    assert.equal(await again?.backend, other, 'the balancer sent it to the server still up');
  });
});
