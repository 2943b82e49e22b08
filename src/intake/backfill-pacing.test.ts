import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { type Database, openPostgres } from '../platform/database.js';
import {
  BACKFILL_APPLICATION_NAME,
  backfillEnvironment,
  backfillPacer,
  pacedBatchSize,
  pauseAfterBatch,
} from './backfill-pacing.js';
import { importCsvFile } from './csv-import-service.js';

describe('pauseAfterBatch', () => {
  it('never pauses when no live work is in flight, whatever the batch took', () => {
    assert.equal(pauseAfterBatch(800, false, 0.5), 0);
    assert.equal(pauseAfterBatch(800, false, 0.1), 0);
  });
  it('rests so that the backfill holds the database at most its share of the time', () => {
    assert.equal(pauseAfterBatch(100, true, 0.5), 100);
    assert.equal(pauseAfterBatch(100, true, 0.25), 300);
    assert.equal(pauseAfterBatch(100, true, 1), 0);
  });
  it('never rests longer than two seconds after one batch', () => {
    assert.equal(pauseAfterBatch(5000, true, 0.5), 2000);
  });
});

describe('pacedBatchSize', () => {
  it('takes whole batches while no live work is in flight', () => {
    assert.equal(pacedBatchSize({ rows: 1000, ms: 400 }, false, 1000), 1000);
    assert.equal(pacedBatchSize(null, true, 1000), 1000);
  });
  it('while live work runs, takes as many rows as the last batch wrote in 50 ms', () => {
    // 1,000 rows in 400 ms: 2.5 rows a millisecond, 125 in 50 ms.
    assert.equal(pacedBatchSize({ rows: 1000, ms: 400 }, true, 1000), 125);
    assert.equal(pacedBatchSize({ rows: 300, ms: 20 }, true, 1000), 750);
  });
  it('never goes below 100 rows nor above the ceiling', () => {
    assert.equal(pacedBatchSize({ rows: 100, ms: 2000 }, true, 1000), 100);
    assert.equal(pacedBatchSize({ rows: 1000, ms: 10 }, true, 1000), 1000);
    assert.equal(pacedBatchSize({ rows: 1000, ms: 400 }, true, 30), 30);
  });
});

describe('backfillEnvironment', () => {
  it('names the connections of DATABASE_URL and of libpq defaults as the backfill, over any other name', () => {
    const env = backfillEnvironment({
      DATABASE_URL: 'postgres://sos@db.example.org:5432/sos?application_name=ops&sslmode=require',
      HOME: '/root',
    });
    const url = new URL(env.DATABASE_URL as string);
    assert.equal(url.searchParams.get('application_name'), BACKFILL_APPLICATION_NAME);
    assert.equal(url.searchParams.get('sslmode'), 'require');
    assert.equal(url.pathname, '/sos');
    assert.equal(env.PGAPPNAME, BACKFILL_APPLICATION_NAME);
    assert.equal(env.HOME, '/root');
  });
  it('leaves a PGlite deployment (no DATABASE_URL) without one', () => {
    assert.equal(backfillEnvironment({}).DATABASE_URL, undefined);
  });
});

// PostgreSQL only: live work beside a backfill is another session, which PGlite does not have.
describe('a paced import beside an open live transaction [postgres]', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let backfillDb: Database;
  let live: pg.Client;
  let dir: string;

  before(async () => {
    context = await openTestContext('postgres');
    const [row] = await context.db.query<{ db: string }>('select current_database() as db');
    const url = new URL(process.env.SOS_TEST_DATABASE_URL as string);
    url.pathname = `/${row?.db}`;
    live = new pg.Client({ connectionString: url.toString(), application_name: 'sos-server' });
    await live.connect();
    url.searchParams.set('application_name', BACKFILL_APPLICATION_NAME);
    backfillDb = await openPostgres(url.toString());
    dir = mkdtempSync(path.join(tmpdir(), 'sos-paced-'));
  });
  after(async () => {
    await live.end();
    await backfillDb.close();
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives way after every batch while live work is in flight, and still imports every row', async () => {
    const rows = 120;
    const file = path.join(dir, 'backfill.csv');
    const lines = ['source_record_id,occurred_at,latitude,longitude'];
    for (let i = 0; i < rows; i++) lines.push(`b-${i},2024-05-0${1 + (i % 9)}T10:00:00,41.7,-72.6`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    // A live session in the middle of its transaction, as a POST is between its statements.
    await live.query('begin');
    await live.query('select 1');
    const pauses: number[] = [];
    const pacer = backfillPacer(backfillDb, {
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    const summary = await importCsvFile({ ...context.intake, db: backfillDb }, cliActor, {
      filePath: file,
      presetName: 'generic',
      jurisdiction,
      organization,
      batchSize: 30,
      rejectedPath: path.join(dir, 'backfill.rejected.csv'),
      pacer,
    });
    await live.query('commit');
    assert.equal(summary.accepted, rows);
    assert.equal(pacer.pauses, rows / 30);
    assert.equal(pauses.length, rows / 30);
    const [stored] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from reports where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.equal(stored?.n, rows);
  });
});
