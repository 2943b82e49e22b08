import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import type { IntakeItem, IntakeItemResult } from './intake-service.js';
import { type LaneWriter, SubmissionLanes, takeGroup } from './submission-lanes.js';

const request = (ids: string[], size = ids.length) => ({
  items: new Array(size).fill(null),
  ids: new Set(ids),
});
const item = (id: string): IntakeItem => ({ raw: {}, fields: { source_record_id: id } });

/** A writer that answers every item accepted, and holds each group until `release` is called. */
function heldWriter() {
  const groups: { ids: string[]; sizes: readonly number[] }[] = [];
  const releases: (() => void)[] = [];
  const write: LaneWriter = async (items, requestSizes) => {
    groups.push({ ids: items.map((i) => String(i.fields.source_record_id)), sizes: requestSizes });
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map(
      (i, index): IntakeItemResult => ({
        index,
        sourceRecordId: String(i.fields.source_record_id),
        status: 'accepted',
        problems: [],
      }),
    );
  };
  return { groups, write, release: () => releases.shift()?.() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('takeGroup', () => {
  it('takes waiting requests in arrival order up to the item limit', () => {
    const queue = [request(['a']), request(['b', 'c']), request(['d']), request(['e'])];
    const group = takeGroup(queue, 3);
    assert.deepEqual(
      group.map((r) => [...r.ids]),
      [['a'], ['b', 'c']],
    );
    assert.equal(queue.length, 2);
  });

  it('stops before a request naming a record the group already names', () => {
    const queue = [request(['a']), request(['b']), request(['a']), request(['c'])];
    assert.deepEqual(
      takeGroup(queue, 100).map((r) => [...r.ids]),
      [['a'], ['b']],
    );
    assert.deepEqual(
      takeGroup(queue, 100).map((r) => [...r.ids]),
      [['a'], ['c']],
    );
  });

  it('lets a request larger than the limit go alone rather than never', () => {
    const queue = [request(['big'], 5), request(['small'])];
    assert.equal(takeGroup(queue, 3).length, 1);
    assert.equal(takeGroup(queue, 3).length, 1);
    assert.equal(queue.length, 0);
  });
});

describe('SubmissionLanes', () => {
  it('writes an idle lane at once, and the requests that arrive meanwhile together next', async () => {
    const lanes = new SubmissionLanes(1000);
    const writer = heldWriter();
    const first = lanes.submit('lane', [item('a')], writer.write);
    await settle();
    assert.equal(writer.groups.length, 1, 'the first request did not wait for company');
    const later = [
      lanes.submit('lane', [item('b')], writer.write),
      lanes.submit('lane', [item('c'), item('d')], writer.write),
    ];
    await settle();
    assert.equal(writer.groups.length, 1, 'one group in flight per lane');
    writer.release();
    assert.deepEqual(
      (await first).map((r) => r.sourceRecordId),
      ['a'],
    );
    await settle();
    assert.deepEqual(writer.groups[1], { ids: ['b', 'c', 'd'], sizes: [1, 2] });
    writer.release();
    const [b, cd] = await Promise.all(later);
    assert.deepEqual(
      b?.map((r) => [r.index, r.sourceRecordId]),
      [[0, 'b']],
    );
    assert.deepEqual(
      cd?.map((r) => [r.index, r.sourceRecordId]),
      [
        [0, 'c'],
        [1, 'd'],
      ],
    );
  });

  it('keeps lanes apart: another submitter does not wait for this one', async () => {
    const lanes = new SubmissionLanes(1000);
    const writer = heldWriter();
    const one = lanes.submit('one', [item('a')], writer.write);
    const other = lanes.submit('other', [item('a')], writer.write);
    await settle();
    assert.equal(writer.groups.length, 2);
    writer.release();
    writer.release();
    await Promise.all([one, other]);
  });

  it('fails every request of a group whose transaction failed, and goes on with the next group', async () => {
    const lanes = new SubmissionLanes(1000);
    let calls = 0;
    const write: LaneWriter = async (items) => {
      calls++;
      if (calls === 2) throw new Error('connection lost');
      return items.map((_, index) => ({ index, sourceRecordId: null, status: 'accepted', problems: [] }));
    };
    const first = lanes.submit('lane', [item('a')], write);
    const failed = [lanes.submit('lane', [item('b')], write), lanes.submit('lane', [item('c')], write)];
    await first;
    for (const f of failed) await assert.rejects(f, /connection lost/);
    assert.equal((await lanes.submit('lane', [item('d')], write)).length, 1);
  });
});

describeEachEngine('concurrent single-report POSTs', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: seeded.jurisdiction.id,
      organizationId: seeded.organization.id,
      name: 'cad',
    }));
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const count = async (sql: string) => Number((await context.db.query<{ n: number }>(sql))[0]?.n);

  it('are written in fewer transactions than requests, each answered and audited as its own', async () => {
    const sent = 20;
    const report = (n: number) => ({
      source_record_id: `burst-${n}`,
      occurred_at: '2024-05-03T22:15:00-04:00',
      latitude: 41.77,
      longitude: -72.68,
      // The last one is rejected: its problem is answered to it alone.
      fatal: n === sent - 1 ? 'perhaps' : false,
    });
    const replies = await Promise.all(
      Array.from({ length: sent }, (_, n) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          payload: report(n),
          headers: { authorization: `Bearer ${key}` },
        }),
      ),
    );
    const accepted = replies.slice(0, -1);
    for (const reply of accepted) assert.equal(reply.statusCode, 201, reply.body);
    assert.deepEqual(
      accepted.map((r) => r.json().source_record_id),
      Array.from({ length: sent - 1 }, (_, n) => `burst-${n}`),
    );
    assert.equal(replies.at(-1)?.statusCode, 422);
    assert.equal(
      await count("select count(*)::int as n from reports where source_record_id like 'burst-%'"),
      19,
    );
    // One audit entry per request, each with its own counts.
    const audited = await context.db.query<{ accepted: number; rejected: number }>(
      `select (details->>'accepted')::int as accepted, (details->>'rejected')::int as rejected
       from audit_entries where action = 'reports.ingest'`,
    );
    assert.equal(audited.length, sent);
    assert.equal(audited.filter((a) => a.accepted === 1 && a.rejected === 0).length, sent - 1);
    assert.equal(audited.filter((a) => a.accepted === 0 && a.rejected === 1).length, 1);
    // Each transaction writes one overdoses.changed event: on PostgreSQL the requests shared transactions.
    // (PGlite is one connection: the requests' own reads queue behind the transaction in flight, so
    // they reach the lane one at a time and each is a group.)
    if (engine !== 'postgres') return;
    const transactions = await count(
      "select count(*)::int as n from outbox_events where topic = 'overdoses.changed'",
    );
    assert.ok(transactions < sent - 1, `${transactions} transactions for ${sent - 1} accepted requests`);
  });
});
