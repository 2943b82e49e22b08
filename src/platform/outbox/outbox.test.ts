import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/support/postgres-cluster.js';
import { clusterUrl, describeEachEngine, openTestDatabase } from '../../../test/support/test-databases.js';
import { type Database, openPostgres } from '../database.js';
import { migrate } from '../migrate.js';
import { DEFAULT_OUTBOX_HOLD_MS, Outbox, retryDelayMs } from './outbox.js';
import { claimEvents, enqueueEvent } from './outbox-store.js';

/** Waits until `check` holds, polling; fails after ten seconds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > until) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('outbox retry waits', () => {
  it('waits 5 s after the first failure, doubles each time, and never more than an hour', () => {
    const expected = [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600].map((s) => s * 1000);
    assert.deepEqual(
      expected.map((_, i) => retryDelayMs(i + 1)),
      expected,
    );
  });
});

describeEachEngine('outbox', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const row = async (topic: string) =>
    (
      await db.query<{ attempts: number; last_error: string | null; handled: boolean; waits_ms: number }>(
        `select attempts, last_error, handled_at is not null as handled,
           extract(epoch from available_at - now()) * 1000 as waits_ms
         from outbox_events where topic = $1`,
        [topic],
      )
    )[0];

  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  beforeEach(async () => {
    await db.query('delete from outbox_events');
  });
  after(() => dispose());

  it('holds the events of committed transactions only, and hands each to its handler once', async () => {
    await db.transaction((tx) => enqueueEvent(tx, 'test.kept', { n: 1 }));
    await assert.rejects(
      db.transaction(async (tx) => {
        await enqueueEvent(tx, 'test.kept', { n: 2 });
        throw new Error('the change failed');
      }),
    );
    await db.transaction((tx) => enqueueEvent(tx, 'test.other', { n: 3 }));
    const heard: unknown[] = [];
    const outbox = new Outbox(db);
    outbox.handle('test.kept', async (payload) => void heard.push(payload));
    outbox.wake();
    await outbox.idle();
    assert.deepEqual(heard, [{ n: 1 }]);
    assert.equal((await row('test.kept'))?.handled, true);
    assert.equal((await row('test.other'))?.handled, false, 'a topic without a handler here waits');
    assert.equal(await outbox.drain(), 0, 'nothing is handled twice');
    await outbox.stop();
  });

  it('keeps an event whose handling failed, with its error, and retries it once its wait is over', async () => {
    await db.transaction((tx) => enqueueEvent(tx, 'test.flaky', { n: 1 }));
    let tries = 0;
    const outbox = new Outbox(db);
    outbox.handle('test.flaky', async () => {
      tries++;
      if (tries === 1) throw new Error('the receiver is down');
    });
    assert.equal(await outbox.drain(), 0);
    const failed = await row('test.flaky');
    assert.equal(failed?.attempts, 1);
    assert.equal(failed?.last_error, 'the receiver is down');
    assert.equal(failed?.handled, false);
    // The wait is the first retry's, give or take the statements' own time.
    assert.ok(failed && Math.abs(failed.waits_ms - retryDelayMs(1)) < 2_000, `waits ${failed?.waits_ms} ms`);
    assert.equal(await outbox.drain(), 0, 'not before its wait is over');
    assert.equal(tries, 1);
    await db.query("update outbox_events set available_at = now() where topic = 'test.flaky'");
    assert.equal(await outbox.drain(), 1);
    assert.equal(tries, 2);
    assert.deepEqual(
      { ...(await row('test.flaky')), waits_ms: undefined },
      { attempts: 2, last_error: null, handled: true, waits_ms: undefined },
    );
    await outbox.stop();
  });

  it('hands an event taken by a server that died to another once the hold is over', async () => {
    await db.transaction((tx) => enqueueEvent(tx, 'test.orphan', { n: 1 }));
    // What a server leaves when it dies handling: the event claimed, never marked.
    const [taken] = await claimEvents(db, ['test.orphan'], 10, DEFAULT_OUTBOX_HOLD_MS);
    assert.equal(taken?.attempts, 1);
    const heard: unknown[] = [];
    const outbox = new Outbox(db);
    outbox.handle('test.orphan', async (payload) => void heard.push(payload));
    assert.equal(await outbox.drain(), 0, 'held by the other server');
    await db.query("update outbox_events set available_at = now() where topic = 'test.orphan'");
    assert.equal(await outbox.drain(), 1);
    assert.deepEqual(heard, [{ n: 1 }]);
    assert.equal((await row('test.orphan'))?.attempts, 2);
    await outbox.stop();
  });

  it('takes no events once stopped, leaving them for the next server', async () => {
    const outbox = new Outbox(db);
    let calls = 0;
    outbox.handle('test.late', async () => void calls++);
    await outbox.stop();
    await db.transaction((tx) => enqueueEvent(tx, 'test.late', {}));
    outbox.wake();
    await outbox.idle();
    assert.equal(calls, 0);
    assert.equal((await row('test.late'))?.attempts, 0);
  });
});

describe('outbox across servers sharing one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let first: Database;
  let second: Database;

  before(async () => {
    const created = await createTestDatabase(clusterUrl());
    drop = created.drop;
    first = await openPostgres(created.url);
    second = await openPostgres(created.url);
    await migrate(first);
  });
  after(async () => {
    await first.close();
    await second.close();
    await drop();
  });

  it("is woken by another server's commit, and two servers draining at once handle each event once", async () => {
    const heard: string[] = [];
    const outboxes = [first, second].map((db, i) => {
      const outbox = new Outbox(db);
      outbox.handle('test.shared', async (payload) => {
        heard.push(`${(payload as { n: number }).n} on ${i}`);
      });
      return outbox;
    });
    await outboxes[1]?.connect();
    await first.transaction((tx) => enqueueEvent(tx, 'test.shared', { n: 0 }));
    await eventually(() => heard.length === 1, 'the listening server hears the commit');
    assert.deepEqual(heard, ['0 on 1']);

    await outboxes[1]?.stop();
    const again = new Outbox(second);
    again.handle('test.shared', async (payload) => void heard.push(`${(payload as { n: number }).n} on 1`));
    for (let n = 1; n <= 120; n++) await first.transaction((tx) => enqueueEvent(tx, 'test.shared', { n }));
    const [a, b] = await Promise.all([outboxes[0]?.drain(), again.drain()]);
    assert.equal((a ?? 0) + (b ?? 0), 120);
    const numbers = heard.slice(1).map((h) => Number(h.split(' ')[0]));
    assert.deepEqual(
      numbers.sort((x, y) => x - y),
      Array.from({ length: 120 }, (_, i) => i + 1),
      'every event once',
    );
    await outboxes[0]?.stop();
    await again.stop();
  });
});
