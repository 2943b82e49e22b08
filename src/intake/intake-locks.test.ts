import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import type { Database, Queryable } from '../platform/database.js';
import { importCsvFile } from './csv-import-service.js';
import { INTAKE_LOCK_STRIPES, intakeStripeOf } from './intake-locks.js';

/**
 * The database of an import whose first batch transaction stops after its first statement (the
 * intake lock) until `release()`: an import batch caught holding its locks, as a long batch does.
 */
function holdFirstBatch(db: Database) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let holding = () => {};
  const held = new Promise<void>((resolve) => {
    holding = resolve;
  });
  let first = true;
  const heldDb = new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') {
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return <T>(fn: (tx: Queryable) => Promise<T>) =>
        target.transaction((tx) => {
          if (!first) return fn(tx);
          first = false;
          let statements = 0;
          const query = async <Row>(sql: string, params?: unknown[]): Promise<Row[]> => {
            const rows = await tx.query<Row>(sql, params);
            if (++statements === 1) {
              holding();
              await released;
            }
            return rows;
          };
          return fn(new Proxy(tx, { get: (t, p) => (p === 'query' ? query : Reflect.get(t, p)) }));
        });
    },
  });
  return { db: heldDb, held, release };
}

/** Resolves once a session of the database waits on an advisory lock (an intake lock), or when `over()`. */
async function someoneWaitsOnIntakeLock(db: Database, over: () => boolean = () => false): Promise<void> {
  while (!over()) {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`,
    );
    if ((row?.n ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// PostgreSQL only: PGlite has one connection, so a held transaction there holds every other one too.
describe('intake locks: a live POST beside an import batch holding its transaction [postgres]', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  let dir: string;
  // A small batch, so that it holds some of the organization's stripes and not all of them.
  const rows = 20;

  before(async () => {
    context = await openTestContext('postgres');
    ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: organization.id,
      name: 'cad',
    }));
    app = await buildApp(context);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-intake-locks-'));
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A file of `rows` reports of one area and day, in one batch; the import's first batch is held. */
  function heldImport(prefix: string) {
    const file = path.join(dir, `${prefix}.csv`);
    const lines = ['source_record_id,occurred_at,latitude,longitude'];
    for (let i = 0; i < rows; i++)
      lines.push(`${prefix}-${i},2024-05-03T10:${String(i % 60).padStart(2, '0')}:00,41.7,-72.6`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const hold = holdFirstBatch(context.db);
    const summary = importCsvFile({ ...context.intake, db: hold.db }, cliActor, {
      filePath: file,
      presetName: 'generic',
      jurisdiction,
      organization,
      batchSize: rows,
      rejectedPath: path.join(dir, `${prefix}.rejected.csv`),
    });
    return { ...hold, summary };
  }

  const post = (sourceRecordId: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        source_record_id: sourceRecordId,
        occurred_at: '2024-05-03T12:00:00',
        latitude: 41.7,
        longitude: -72.6,
      },
    });

  it('commits a POST of another record of the same organization, area and day while a batch holds its transaction open', async () => {
    const batch = heldImport('backfill');
    await batch.held;
    // A record of its own, whose stripe the held batch does not hold (the batch holds only its records').
    const taken = new Set(Array.from({ length: rows }, (_, i) => intakeStripeOf(`backfill-${i}`)));
    const live = Array.from({ length: 100 }, (_, i) => `live-${i}`).find(
      (id) => !taken.has(intakeStripeOf(id)),
    );
    assert.ok(live, 'a record id outside the held stripes');
    let answered = false;
    const reply = post(live).finally(() => {
      answered = true;
    });
    const waited = someoneWaitsOnIntakeLock(context.db, () => answered).then(() => null);
    const answer = await Promise.race([reply, waited]);
    batch.release();
    await reply;
    assert.notEqual(answer, null, 'the POST waited for the import batch to commit');
    assert.equal(answer?.statusCode, 201, answer?.body);
    const summary = await batch.summary;
    assert.equal(summary.accepted, rows);
    const [counted] = await context.db.query<{ n: number }>(
      `select coalesce(sum(count), 0)::int as n from daily_area_counts
       where jurisdiction_id = $1 and layer_id = '' and day = '2024-05-03'`,
      [jurisdiction.id],
    );
    assert.equal(counted?.n, rows + 1);
  });

  it('still makes a POST of a record the held batch writes wait, then counts it as that record again', async () => {
    const batch = heldImport('again');
    await batch.held;
    const answer = post('again-7');
    await someoneWaitsOnIntakeLock(context.db);
    batch.release();
    const summary = await batch.summary;
    const response = await answer;
    assert.equal(summary.accepted, rows);
    assert.equal(response.statusCode, 201, response.body);
    // The POST came after the batch: it sees the imported record and corrects it (version 2).
    assert.equal(response.json().version, 2);
  });

  it('spreads record ids over every stripe', () => {
    const seen = new Set(Array.from({ length: 5000 }, (_, i) => intakeStripeOf(`r-${i}`)));
    assert.equal(seen.size, INTAKE_LOCK_STRIPES);
  });
});
