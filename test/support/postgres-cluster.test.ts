import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Resolves with the error code of a TCP connection attempt, or 'connected' if something listens. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('throwaway PostgreSQL cluster', () => {
  let cluster: PostgresCluster;

  before(async () => {
    cluster = await startPostgresCluster();
  });

  after(async () => {
    await cluster.stop();
  });

  it('answers over TCP on loopback as the postgres superuser', async () => {
    const [row] = await query<{ version: string; user: string }>(
      cluster.url,
      'select version(), current_user as user',
    );
    assert.match(row?.version ?? '', /^PostgreSQL \d+/);
    assert.equal(row?.user, 'postgres');
    assert.match(cluster.url, new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:${cluster.port}/postgres$`));
  });

  it('runs with the settings of a throwaway cluster', async () => {
    const rows = await query<{ name: string; setting: string }>(
      cluster.url,
      `select name, setting from pg_settings
       where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'max_connections',
                      'listen_addresses', 'server_encoding')
       order by name`,
    );
    assert.deepEqual(Object.fromEntries(rows.map((row) => [row.name, row.setting])), {
      fsync: 'off',
      full_page_writes: 'off',
      listen_addresses: '127.0.0.1',
      max_connections: '200',
      server_encoding: 'UTF8',
      synchronous_commit: 'off',
    });
  });

  it('makes separate, empty databases that hold data until dropped', async () => {
    const first = await createTestDatabase(cluster.url);
    const second = await createTestDatabase(cluster.url);
    try {
      assert.notEqual(first.url, second.url);
      await query(first.url, 'create table visits (id serial primary key, place text not null)');
      await query(first.url, "insert into visits (place) values ('Zürich'), ('Oakland')");
      const places = await query<{ place: string }>(first.url, 'select place from visits order by id');
      assert.deepEqual(
        places.map((row) => row.place),
        ['Zürich', 'Oakland'],
      );
      const [visible] = await query<{ found: string | null }>(
        second.url,
        "select to_regclass('visits')::text as found",
      );
      assert.equal(visible?.found, null);
    } finally {
      await first.drop();
      await second.drop();
    }
    const firstName = new URL(first.url).pathname.slice(1);
    const left = await query(cluster.url, `select 1 from pg_database where datname = '${firstName}'`);
    assert.equal(left.length, 0);
  });

  it('stops the server, frees the port and removes its directory', async () => {
    const pidFile = await readFile(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8');
    const pid = Number(pidFile.split('\n')[0]);
    assert.ok(isRunning(pid));

    await cluster.stop();

    await assert.rejects(access(cluster.dataDir), { code: 'ENOENT' });
    assert.equal(await connectOutcome(cluster.port), 'ECONNREFUSED');
    assert.equal(isRunning(pid), false);
    await cluster.stop();
  });
});
