import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { type PostgresReplica, startPostgresReplica } from './postgres-replica.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('throwaway streaming replica', () => {
  let primary: PostgresCluster;
  let replica: PostgresReplica;

  before(async () => {
    primary = await startPostgresCluster();
    replica = await startPostgresReplica(primary);
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  it('is a hot standby on its own loopback port that replays what the primary commits', async () => {
    assert.notEqual(replica.port, primary.port);
    assert.match(replica.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const [standby] = await query<{ r: boolean }>(replica.url, 'select pg_is_in_recovery() as r');
    assert.equal(standby?.r, true);
    await query(primary.url, 'create table replicated (n int); insert into replicated values (42)');
    const deadline = Date.now() + 20_000;
    let rows: { n: number }[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = await query<{ n: number }>(replica.url, 'select n from replicated').catch(() => []);
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(rows, [{ n: 42 }]);
    await assert.rejects(query(replica.url, 'insert into replicated values (1)'), /read-only transaction/);
  });

  it('stops by its pid and removes its data directory', async () => {
    const { pid, dataDir } = replica;
    assert.equal(alive(pid), true);
    await replica.stop();
    assert.equal(alive(pid), false);
    await assert.rejects(access(dataDir));
    // The primary is untouched.
    assert.deepEqual(await query(primary.url, 'select 1 as one'), [{ one: 1 }]);
  });
});
