import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { openReplicaSite, type ReplicaSite } from '../support/replica-site.js';
import { signInRoles } from '../support/sign-in.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

interface Lag {
  replica: { lag_seconds: number | null; label: string } | null;
}

describe('dashboard: the sources panel shows the read replica lag', () => {
  let site: ReplicaSite;
  let browser: Browser;
  let cookie: string;
  const open: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    site = await openReplicaSite();
    cookie = (await signInRoles(site.app, site.context, site.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    await browser?.close();
    await site?.close();
  });

  const lag = async (): Promise<Lag> =>
    (await fetch(`${site.base}/api/v1/sources/replica-lag`, { headers: { cookie } })).json() as Promise<Lag>;
  /** The overdoses of the jurisdiction the replica holds (the read handle reads there while it is up). */
  const replicaTotal = async (): Promise<number> =>
    Number(
      (
        await site.context.readDb.query<{ n: number }>(
          'select count(*) as n from overdoses where jurisdiction_id = $1',
          [site.jurisdiction.id],
        )
      )[0]?.n,
    );
  /** Polls `read` until `done` holds for its value (or fails after 20 s), returning that value. */
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (let value = await read(); ; value = await read()) {
      if (done(value)) return value;
      if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('says in plain words how far behind the figures may be while replay is paused', async () => {
    await site.submit();
    // lag_seconds is 0 once the replica has replayed what the primary has flushed, and the test cluster
    // commits asynchronously (synchronous_commit = off): right after the report it can say 0 before the
    // report's commit is flushed, let alone on the replica. Paused then, the replica would never show the
    // report and the dashboard would say "No overdoses yet". So wait for the report on the replica first.
    await until(replicaTotal, (n) => n === 1, 'the report on the replica');
    await until(lag, (value) => value.replica?.lag_seconds === 0, 'the replica caught up');
    await site.onReplica('select pg_wal_replay_pause()');
    await site.submit();
    const behind = await until(
      lag,
      (value) => (value.replica?.lag_seconds ?? 0) >= 2,
      'the lag while paused',
    );

    const page = await signInPage(browser, site.base, `analyst.${site.jurisdiction.id}@example.org`, open);
    await page.goto(`${site.base}/dashboard`);
    const panel = page.locator('section.sources');
    const words = panel.locator('.replica-lag.behind');
    await words.waitFor();
    const text = (await words.textContent()) ?? '';
    assert.match(text, /may be up to \d+ seconds? behind the reports received/);
    assert.match(text, /stopped catching up/);
    // The panel's figure is at least what the API said a moment before.
    const seconds = Number(/up to (\d+) second/.exec(text)?.[1]);
    assert.ok(seconds >= Math.floor(behind.replica?.lag_seconds ?? 0), text);
    // The sources table still lists the organization below the words.
    await panel.locator('table tbody tr').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-replica-lag.png'), fullPage: true });
    await panel.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-replica-lag-panel.png') });
    await site.onReplica('select pg_wal_replay_resume()');
    assert.deepEqual(policyViolations, []);
  });
});
