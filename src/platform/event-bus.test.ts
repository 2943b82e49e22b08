import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../test/support/postgres-cluster.js';
import { clusterUrl } from '../../test/support/test-databases.js';
import { type Database, openPostgres } from './database.js';
import { EventBus, type EventOrigin } from './event-bus.js';

type TestEvents = { counted: { n: number }; local: { n: number } };

/** Counted events travel between processes; `local` ones have no wire and stay. */
const wires = {
  counted: {
    encode: (e: { n: number }) => ({ n: e.n }),
    decode: (m: unknown) =>
      typeof (m as { n?: unknown })?.n === 'number' ? { n: (m as { n: number }).n } : null,
  },
};

/** Lets every callback already queued run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('event bus in one process', () => {
  it('calls listeners on a later tick, each despite another throwing, until they unsubscribe', async () => {
    const bus = new EventBus<TestEvents>('test_bus', wires);
    const heard: string[] = [];
    bus.subscribe('counted', () => {
      throw new Error('a broken listener');
    });
    const stop = bus.subscribe('counted', (e, origin) => heard.push(`${e.n} ${origin}`));
    bus.subscribe('local', (e) => heard.push(`local ${e.n}`));
    bus.publish('counted', { n: 1 });
    assert.deepEqual(heard, [], 'the publisher does not wait for listeners');
    await settle();
    assert.deepEqual(heard, ['1 here']);
    stop();
    bus.publish('counted', { n: 2 });
    bus.publish('local', { n: 3 });
    await settle();
    assert.deepEqual(heard, ['1 here', 'local 3']);
  });
});

describe('event bus across processes sharing one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let first: Database;
  let second: Database;
  const a = new EventBus<TestEvents>('test_bus', wires);
  const b = new EventBus<TestEvents>('test_bus', wires);

  before(async () => {
    const created = await createTestDatabase(clusterUrl());
    drop = created.drop;
    first = await openPostgres(created.url);
    second = await openPostgres(created.url);
    await a.connect(first);
    await b.connect(second);
  });
  after(async () => {
    await a.disconnect();
    await b.disconnect();
    await first.close();
    await second.close();
    await drop();
  });

  it('carries the topics with a wire to the other process, marked as from elsewhere, and not the others', async () => {
    const heard: [string, number, EventOrigin][] = [];
    b.subscribe('counted', (e, origin) => heard.push(['counted', e.n, origin]));
    b.subscribe('local', (e, origin) => heard.push(['local', e.n, origin]));
    a.publish('local', { n: 1 });
    a.publish('counted', { n: 2 });
    const until = Date.now() + 5_000;
    while (heard.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(heard, [['counted', 2, 'elsewhere']], 'the local topic stayed in its process');
  });
});
