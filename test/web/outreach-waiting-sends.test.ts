import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { clockBadge, span } from '../../web/src/features/outreach/response-clock.js';
import {
  type KeyValueStore,
  keepWaiting,
  readWaiting,
  sendRecord,
  sendWaiting,
  WAITING_KEY,
  type WaitingSend,
} from '../../web/src/features/outreach/waiting-sends.js';

/** localStorage's part, over a Map. */
function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

function record(path: string, overrides: Partial<WaitingSend> = {}): WaitingSend {
  const clientId = overrides.client_id ?? crypto.randomUUID();
  return {
    client_id: clientId,
    user_id: 'worker-1',
    case_id: 'case-1',
    kind: 'attempt',
    path,
    body: { client_id: clientId, method: 'phone', outcome: 'no_answer' },
    form: { method: 'phone', outcome: 'no_answer' },
    summary: 'Attempt by phone: no answer',
    saved_at: new Date().toISOString(),
    state: 'waiting',
    refusal: null,
    tries: 0,
    last_error: null,
    ...overrides,
  };
}

// A real HTTP server answering by path, so the sends go through Node's fetch as the browser's would.
describe('records waiting to be sent (outreach on a poor connection)', () => {
  let server: Server;
  let base: string;
  const received: { path: string; body: unknown }[] = [];
  const stored = new Set<string>();
  before(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        const body = JSON.parse(text || 'null') as { client_id?: string };
        received.push({ path: request.url ?? '', body });
        const answer = (status: number, json: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(json));
        };
        if (request.url === '/ok') {
          // As the API: the same client_id again answers 200 with the record already stored.
          const again = stored.has(body.client_id ?? '');
          stored.add(body.client_id ?? '');
          return answer(again ? 200 : 201, { id: 'stored-1' });
        }
        if (request.url === '/down') return answer(503, { error: { code: 'INTERNAL', message: 'down' } });
        if (request.url === '/signed-out')
          return answer(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
        if (request.url === '/refused')
          return answer(422, {
            error: {
              code: 'OUTREACH_MATERIALS_NOT_ALLOWED',
              message: 'Materials may be left only when the survivor was reached',
              details: { field: 'materials_left' },
            },
          });
        if (request.url === '/invalid')
          return answer(400, {
            error: {
              code: 'VALIDATION_FAILED',
              message: 'The request is not valid',
              details: [{ field: 'present_member_ids', message: 'Too small' }],
            },
          });
        if (request.url === '/slow') return setTimeout(() => answer(201, {}), 2_000);
        answer(404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('says stored on 201 and on the 200 of a resend, refused with the field on a 4xx, failed on 5xx or no answer', async () => {
    const item = record(`${base}/ok`);
    assert.deepEqual(await sendRecord(item, fetch), {
      kind: 'stored',
      status: 201,
      record: { id: 'stored-1' },
    });
    assert.equal((await sendRecord(item, fetch)).kind, 'stored');
    assert.deepEqual(await sendRecord(record(`${base}/refused`), fetch), {
      kind: 'refused',
      refusal: {
        code: 'OUTREACH_MATERIALS_NOT_ALLOWED',
        message: 'Materials may be left only when the survivor was reached',
        field: 'materials_left',
      },
    });
    const invalid = await sendRecord(record(`${base}/invalid`), fetch);
    assert.equal(invalid.kind === 'refused' && invalid.refusal.field, 'present_member_ids');
    assert.deepEqual(await sendRecord(record(`${base}/down`), fetch), {
      kind: 'failed',
      reason: 'the server answered 503',
    });
    // Signed out says nothing about the record: it waits for the next session rather than being refused.
    assert.equal((await sendRecord(record(`${base}/signed-out`), fetch)).kind, 'failed');
    assert.deepEqual(await sendRecord(record(`${base}/slow`), fetch, 200), {
      kind: 'failed',
      reason: 'no answer in time',
    });
    // A port nobody listens on: the network error of an offline browser.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.deepEqual(await sendRecord(record(`http://127.0.0.1:${deadPort}/ok`), fetch), {
      kind: 'failed',
      reason: 'no connection',
    });
  });

  it('drops what was stored, marks what was refused, keeps what failed, and sends only the user’s own', async () => {
    const store = memoryStore();
    const ok = record(`${base}/ok`);
    const refused = record(`${base}/refused`);
    const theirs = record(`${base}/ok`, { user_id: 'worker-2' });
    for (const item of [ok, refused, theirs]) keepWaiting(store, item);
    received.length = 0;
    const counts = await sendWaiting(store, 'worker-1', fetch);
    assert.deepEqual(counts, { stored: 1, refused: 1, failed: 0 });
    const left = readWaiting(store);
    assert.deepEqual(
      left.map((w) => [w.client_id, w.state, w.refusal?.field ?? null]),
      [
        [refused.client_id, 'refused', 'materials_left'],
        [theirs.client_id, 'waiting', null],
      ],
    );
    // The refused record keeps what was typed, for the form to open it again.
    assert.deepEqual(left[0]?.form, refused.form);
    assert.deepEqual(
      received.map((r) => r.body),
      [ok.body, refused.body],
    );
    // A refused record is not sent again on its own: it waits for an edit.
    received.length = 0;
    assert.deepEqual(await sendWaiting(store, 'worker-1', fetch), { stored: 0, refused: 0, failed: 0 });
    assert.equal(received.length, 0);
  });

  it('keeps everything while the server fails, then stores each record once when it answers again', async () => {
    const store = memoryStore();
    const first = record(`${base}/down`);
    const second = record(`${base}/down`);
    keepWaiting(store, first);
    keepWaiting(store, second);
    received.length = 0;
    assert.deepEqual(await sendWaiting(store, 'worker-1', fetch), { stored: 0, refused: 0, failed: 1 });
    // It stops at the first failure: the rest would fail the same way.
    assert.equal(received.length, 1);
    assert.deepEqual(
      readWaiting(store).map((w) => [w.state, w.tries, w.last_error]),
      [
        ['waiting', 1, 'the server answered 503'],
        ['waiting', 0, null],
      ],
    );
    // The server is back: the same records (same client_ids) are sent and stored.
    const back = readWaiting(store).map((w) => ({ ...w, path: `${base}/ok` }));
    store.setItem(WAITING_KEY, JSON.stringify(back));
    assert.deepEqual(await sendWaiting(store, 'worker-1', fetch), { stored: 2, refused: 0, failed: 0 });
    assert.deepEqual(readWaiting(store), []);
    assert.ok(stored.has(first.client_id) && stored.has(second.client_id));
  });

  it('reads an unreadable store as empty rather than breaking the page', () => {
    const store = memoryStore();
    store.setItem(WAITING_KEY, '{not json');
    assert.deepEqual(readWaiting(store), []);
    store.setItem(WAITING_KEY, '{"an":"object"}');
    assert.deepEqual(readWaiting(store), []);
  });
});

describe('the response clock of an outreach case', () => {
  const HOUR = 3_600_000;
  const now = Date.parse('2026-03-10T12:00:00Z');
  const due = (hours: number) => new Date(now + hours * HOUR).toISOString();

  it('counts down to the window, then up from it while nobody was reached', () => {
    assert.deepEqual(clockBadge({ status: 'open', due_at: due(5.5), overdue: false }, now), {
      text: 'Due in 5 h',
      tone: 'due',
    });
    assert.deepEqual(clockBadge({ status: 'open', due_at: due(-50), overdue: true }, now), {
      text: 'Overdue by 2 d 2 h',
      tone: 'overdue',
    });
    // Open past the window and not overdue: by the API's definition someone reached the survivor.
    assert.deepEqual(clockBadge({ status: 'open', due_at: due(-3), overdue: false }, now), {
      text: 'Survivor reached',
      tone: 'reached',
    });
    // Reached within the window: the clock no longer runs for her.
    assert.equal(
      clockBadge({ status: 'open', due_at: due(30), overdue: false }, now, 'reached')?.text,
      'Survivor reached',
    );
    // She declined: the clock stops too, and the badge says so (no overdue push against her word).
    assert.equal(
      clockBadge({ status: 'open', due_at: due(30), overdue: false }, now, 'declined')?.text,
      'Declined',
    );
    assert.equal(clockBadge({ status: 'closed', due_at: due(-3), overdue: true }, now), null);
  });

  it('writes hours under two days and days with hours after', () => {
    assert.deepEqual(
      [0.5, 1, 47.9, 48, 49, 72].map((h) => span(h * HOUR)),
      ['under 1 h', '1 h', '47 h', '2 d', '2 d 1 h', '3 d'],
    );
  });
});
