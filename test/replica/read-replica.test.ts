import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { jurisdictionSettings } from '../../src/access/jurisdictions/jurisdiction-service.js';
import type { Role } from '../../src/access/roles.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Database, openPglite } from '../../src/platform/database.js';
import { SosError } from '../../src/platform/errors.js';
import { openReadDatabase } from '../../src/platform/read-database.js';
import { openReplicaSite, type ReplicaSite } from '../support/replica-site.js';
import { signInRoles } from '../support/sign-in.js';

/** Polls `read` until `done` holds for its value (or fails after 20 s), returning that value. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** The first server-sent event named `name` on a stream. */
async function firstEvent(body: ReadableStream<Uint8Array>, name: string): Promise<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before an event ${name}`);
      buffer += decoder.decode(value, { stream: true });
      for (const block of buffer.split('\n\n').slice(0, -1)) {
        if (/^event: (.*)$/m.exec(block)?.[1] === name)
          return JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '');
      }
    }
  } finally {
    await reader.cancel();
  }
}

interface Counts {
  rows: { period: string; key: string | null; count: number }[];
}

interface Lag {
  replica: { reads_from: string; lag_seconds: number | null; replay_paused: boolean; label: string } | null;
}

describe('read replica: dashboards read from a PostgreSQL streaming replica', () => {
  let site: ReplicaSite;
  let cookie: string;

  before(async () => {
    site = await openReplicaSite();
    const cookies = await signInRoles(site.app, site.context, site.jurisdiction.id, ['analyst'] as Role[]);
    cookie = cookies.get('analyst') as string;
  });
  after(() => site?.close());

  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(`${site.base}${url}`, { headers: { cookie } });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as T;
  };
  /**
   * The total of an aggregate over the report's month. Each call asks a range of its own (`to` moves a
   * day), so no cached answer for the whole range stands in for the query.
   */
  let askedRanges = 0;
  const aggregateTotal = async () => {
    askedRanges++;
    const to = new Date(Date.UTC(2026, 11, 1 + askedRanges)).toISOString().slice(0, 10);
    const counts = await get<Counts>(`/api/v1/aggregates/counts?from=2026-11-01&to=${to}&period=all`);
    return counts.rows.reduce((sum, row) => sum + row.count, 0);
  };
  /** The overdoses the primary holds, counted in SQL rather than through the aggregates. */
  const primaryTotal = async () =>
    Number(
      (
        await site.context.db.query<{ n: number }>(
          'select count(*) as n from overdoses where jurisdiction_id = $1',
          [site.jurisdiction.id],
        )
      )[0]?.n,
    );
  const submit = () => site.submit();

  it('reads from the replica: readDb is a hot standby, db is the primary', async () => {
    assert.notEqual(site.context.readDb, site.context.db);
    const [onRead] = await site.context.readDb.query<{ standby: boolean }>(
      'select pg_is_in_recovery() as standby',
    );
    const [onPrimary] = await site.context.db.query<{ standby: boolean }>(
      'select pg_is_in_recovery() as standby',
    );
    assert.equal(onRead?.standby, true);
    assert.equal(onPrimary?.standby, false);
  });

  it('shows a report written through the API in the aggregates read from the replica once replayed', async () => {
    await submit();
    assert.equal(await primaryTotal(), 1);
    await until(aggregateTotal, (total) => total === 1, 'the aggregate read from the replica');
  });

  it('runs the aggregate on the replica: with replay paused it misses a report the primary holds', async () => {
    await site.onReplica('select pg_wal_replay_pause()');
    await until(
      () => get<Lag>('/api/v1/sources/replica-lag'),
      (lag) => lag.replica?.replay_paused === true,
      'replay paused',
    );
    await submit();
    assert.equal(await primaryTotal(), 2);
    // The line-level list stays on the primary: it already has the new overdose.
    const page = await get<{ overdoses: unknown[] }>('/api/v1/overdoses?from=2026-11-01&to=2026-11-30');
    assert.equal(page.overdoses.length, 2);
    assert.equal(await aggregateTotal(), 1);
  });

  it('shows the lag in source freshness while replay is paused, and none once caught up', async () => {
    const behind = await until(
      () => get<Lag>('/api/v1/sources/replica-lag'),
      (lag) => (lag.replica?.lag_seconds ?? 0) >= 1,
      'the lag while replay is paused',
    );
    assert.equal(behind.replica?.reads_from, 'replica');
    assert.equal(behind.replica?.replay_paused, true);
    assert.match(behind.replica?.label ?? '', /may be up to \d+ seconds? behind/);
    assert.match(behind.replica?.label ?? '', /stopped catching up/);
    await site.onReplica('select pg_wal_replay_resume()');
    // Caught up: the replica shows the report the primary took while replay was paused. lag_seconds alone
    // does not say so here: it is 0 once the replica has replayed what the primary has flushed, and the
    // test cluster commits asynchronously (synchronous_commit = off), so the report's commit may not be
    // flushed yet when the replica has replayed everything else.
    const total = await primaryTotal();
    await until(aggregateTotal, (seen) => seen === total, 'the aggregate once replay resumed');
    const caughtUp = await until(
      () => get<Lag>('/api/v1/sources/replica-lag'),
      (lag) => lag.replica?.lag_seconds === 0,
      'the lag once replay resumed',
    );
    assert.equal(caughtUp.replica?.replay_paused, false);
    assert.match(caughtUp.replica?.label ?? '', /up to date/);
    assert.equal(await aggregateTotal(), await primaryTotal());
  });

  it('tells live dashboards of a change only once the replica shows it', async () => {
    const stream = await fetch(`${site.base}/api/v1/live`, { headers: { cookie } });
    assert.equal(stream.status, 200);
    const heard = firstEvent(stream.body as ReadableStream<Uint8Array>, 'overdoses');
    while (site.context.live.listenerCount < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await site.onReplica('select pg_wal_replay_pause()');
    await until(
      () => get<Lag>('/api/v1/sources/replica-lag'),
      (lag) => lag.replica?.replay_paused === true,
      'replay paused',
    );
    await submit();
    // Replay resumes a moment later; a dashboard re-reads its figures as soon as it hears the change.
    const resumed = new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
      site.onReplica('select pg_wal_replay_resume()'),
    );
    await heard;
    const seen = await aggregateTotal();
    await resumed;
    assert.equal(seen, await primaryTotal());
  });

  it('writes the audit entry of a read made on the replica to the primary', async () => {
    const audited = async (action: string) =>
      Number(
        (
          await site.context.db.query<{ n: number }>(
            'select count(*) as n from audit_entries where jurisdiction_id = $1 and action = $2',
            [site.jurisdiction.id, action],
          )
        )[0]?.n,
      );
    const before = await audited('aggregates.export');
    const response = await fetch(
      `${site.base}/api/v1/aggregates/counts.csv?from=2026-11-01&to=2026-11-30&period=all`,
      { headers: { cookie } },
    );
    assert.equal(response.status, 200, await response.text());
    assert.equal(await audited('aggregates.export'), before + 1);
    const pointReads = await audited('overdoses.read_points');
    await get('/api/v1/overdoses/points?from=2026-11-01&to=2026-11-30');
    assert.equal(await audited('overdoses.read_points'), pointReads + 1);
  });

  it('reads disclosure settings from the primary even through the read handle', async () => {
    await site.onReplica('select pg_wal_replay_pause()');
    try {
      await site.context.db.query('update jurisdictions set public_k = 17, partner_k = 4 where id = $1', [
        site.jurisdiction.id,
      ]);
      const [onReplica] = await site.context.readDb.query<{ public_k: number }>(
        'select public_k from jurisdictions where id = $1',
        [site.jurisdiction.id],
      );
      assert.notEqual(onReplica?.public_k, 17, 'the replica is behind while replay is paused');
      const settings = await jurisdictionSettings(site.context.readDb, site.jurisdiction.id);
      assert.equal(settings.k, 17);
      assert.equal(settings.partnerK, 4);
    } finally {
      await site.onReplica('select pg_wal_replay_resume()');
    }
  });

  it('falls back to the primary when the replica is down, and says so in the log', async () => {
    const warnings = mock.method(console, 'warn', () => {});
    try {
      await site.replica.stop();
      await submit();
      // The new report was never on the replica: only the primary can count it. Until the change is
      // announced (once the replica is found unreachable) a cached answer may still stand, so poll.
      const total = await primaryTotal();
      await until(aggregateTotal, (seen) => seen === total, 'the aggregate after the replica stopped');
      const said = warnings.mock.calls.map((call) => String(call.arguments[0]));
      assert.ok(
        said.some((line) => /read replica unreachable \(.+\): reading from the primary/.test(line)),
        said.join('\n'),
      );
      const lag = await get<Lag>('/api/v1/sources/replica-lag');
      assert.equal(lag.replica?.reads_from, 'primary');
      assert.equal(lag.replica?.lag_seconds, null);
      assert.match(lag.replica?.label ?? '', /cannot be reached/);
    } finally {
      warnings.mock.restore();
    }
  });
});

describe('read replica settings', () => {
  let pglite: Database;
  before(async () => {
    pglite = await openPglite('memory://');
  });
  after(async () => {
    await pglite?.close();
  });

  it('refuses DATABASE_READ_URL over the embedded database, naming both settings', async () => {
    await assert.rejects(
      openReadDatabase(pglite, 'postgres://replica.example:5432/sos'),
      (error: unknown) =>
        error instanceof SosError &&
        error.code === 'READ_REPLICA_NEEDS_POSTGRES' &&
        /DATABASE_READ_URL/.test(error.message) &&
        /DATABASE_URL/.test(error.message),
    );
  });

  it('reads from the primary itself without DATABASE_READ_URL', async () => {
    assert.equal(await openReadDatabase(pglite, null), pglite);
    assert.equal(loadConfig({ DATABASE_READ_URL: ' postgres://r/sos ' }).databaseReadUrl, 'postgres://r/sos');
    assert.equal(loadConfig({}).databaseReadUrl, null);
  });
});
