import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { createTestDatabase } from '../../test/support/postgres-cluster.js';
import {
  clusterUrl,
  describeEachEngine,
  type Engine,
  openTestContext,
  seedJurisdiction,
} from '../../test/support/test-databases.js';
import { readAuditHead } from '../access/audit/audit-repository.js';
import { verifyAuditChains } from '../access/audit/audit-service.js';
import { type Actor, cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { openPerson } from '../persons/person-vault.js';
import { backupKeyOf } from '../platform/backup/backup-key.js';
import { ownedTables } from '../platform/backup/owned-tables.js';
import { type Database, openPglite, openPostgres } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { migrate } from '../platform/migrate.js';
import type { AppContext } from './app-context.js';
import { restoreBackup, takeBackup } from './backups.js';

const ann = { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02', phone: '555-0100' };
const key = backupKeyOf(Buffer.alloc(32, 3).toString('base64'), 'test key');
const code = (e: unknown) => (e instanceof SosError ? e.code : String(e));

/** Rows per owned table, counted directly. */
async function countRows(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ownedTables()) {
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

describeEachEngine('backup and restore', (engine: Engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let personId: string;
  let dir: string;
  let file: string;
  const cleanups: (() => Promise<void>)[] = [];
  let emptyTarget: Database | undefined;
  /** One migrated database the refusals share: each leaves it as empty as it found it. */
  const refusingTarget = async (): Promise<Database> => {
    if (!emptyTarget) {
      emptyTarget = await freshDatabase();
      await migrate(emptyTarget);
    }
    return emptyTarget;
  };

  /** A fresh, empty database of the engine under test (not migrated). */
  const freshDatabase = async (): Promise<Database> => {
    if (engine === 'pglite') {
      // In memory: a folder costs seconds more to create, and verifyBackup restores into one already.
      const db = await openPglite('memory://');
      cleanups.push(() => db.close());
      return db;
    }
    const created = await createTestDatabase(clusterUrl());
    const db = await openPostgres(created.url);
    cleanups.push(async () => {
      await db.close();
      await created.drop();
    });
    return db;
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sos-backup-test-'));
    file = path.join(dir, 'site.sosbackup');
    app = await openTestContext(engine);
    seeded = await seedJurisdiction(app.db);
    const results = await ingestReports(app.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: [
        // A tab, a newline, a backslash and a quote travel inside the raw payload's JSON.
        {
          source_record_id: 'b-1',
          occurred_at: '2024-05-01T10:00:00Z',
          latitude: 41.7658,
          longitude: -72.6734,
          person: ann,
          narrative: 'tab\there\nline "q" \\ end',
        },
        {
          source_record_id: 'b-2',
          occurred_at: '2024-05-02T11:00:00Z',
          latitude: 41.7601,
          longitude: -72.6801,
        },
      ].map((raw) => ({ raw, fields: raw })),
    });
    const [row] = await app.db.query<{ person_id: string }>(
      'select person_id from reports where jurisdiction_id = $1 and id = $2',
      [seeded.jurisdiction.id, results[0]?.reportId],
    );
    personId = row?.person_id as string;
    assert.ok(personId, 'the seed stored a person');
    // Rows enough that the file spans many reads (a tampered tag is only found at the end of the text),
    // with random doubles whose exact values must come back.
    await app.db.query(
      `insert into geocoded_addresses (jurisdiction_id, address_hash, latitude, longitude, precision, fetched_at)
       select $1, md5(random()::text || g), random() * 180 - 90, random() * 360 - 180, 'address', now()
       from generate_series(1, 3000) g`,
      [seeded.jurisdiction.id],
    );
    await takeBackup(app.db, file, key, new Date('2025-01-02T00:00:00Z'));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await app.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a fresh database: the same rows per table, an intact audit chain with the same head, and a person that opens with the data key', async () => {
    const target = await freshDatabase();
    const manifest = await restoreBackup(target, file, key, { replace: false, migrateAfter: true });
    const counts = await countRows(app.db);
    assert.ok((counts.reports ?? 0) >= 2 && (counts.persons ?? 0) >= 1 && (counts.audit_entries ?? 0) >= 1);
    assert.deepEqual(await countRows(target), counts);
    assert.deepEqual(manifest.tables, counts);
    const chains = await verifyAuditChains(target, cliActor);
    assert.ok(chains.length >= 1);
    assert.deepEqual(
      chains.flatMap((c) => c.problems),
      [],
    );
    assert.deepEqual(
      await readAuditHead(target, seeded.jurisdiction.id),
      await readAuditHead(app.db, seeded.jurisdiction.id),
    );
    const [raw] = await target.query<{ raw: { narrative: string } }>(
      "select raw from reports where source_record_id = 'b-1'",
    );
    assert.equal(raw?.raw.narrative, 'tab\there\nline "q" \\ end');
    const points = 'select address_hash, latitude, longitude from geocoded_addresses order by address_hash';
    assert.deepEqual(await target.query(points), await app.db.query(points));
    const programId = randomUUID();
    const coordinator: Actor = {
      kind: 'user',
      userId: randomUUID(),
      jurisdictionId: seeded.jurisdiction.id,
      role: 'outreach_coordinator',
      organizationId: null,
      programIds: [programId],
    };
    const request = {
      jurisdictionId: seeded.jurisdiction.id,
      personId,
      use: 'treatment' as const,
      programId,
    };
    assert.deepEqual(await openPerson(target, app.keyring, coordinator, request, new Date()), ann);
    // The serial counters moved past the restored ids: new rows still insert.
    await target.query("insert into outbox_events (topic, payload) values ('test.topic', '{}')");
  });

  it('refuses a tampered backup (GCM), a byte of its body or of its tag, and writes nothing', async () => {
    const target = await refusingTarget();
    const original = readFileSync(file);
    for (const at of [Math.floor(original.length / 2), original.length - 1]) {
      const bytes = Buffer.from(original);
      bytes[at] = (bytes[at] as number) ^ 1;
      const tampered = path.join(dir, `tampered-${at}.sosbackup`);
      writeFileSync(tampered, bytes);
      // One row per transaction: a restore that wrote before the tag was checked would leave rows.
      await assert.rejects(
        restoreBackup(target, tampered, key, { replace: false, migrateAfter: true, batchRows: 1 }),
        (e) => {
          assert.equal(code(e), 'BACKUP_DAMAGED');
          return true;
        },
      );
      assert.deepEqual(
        Object.entries(await countRows(target)).filter(([, n]) => n > 0),
        [],
      );
    }
  });

  it('refuses a backup sealed with another backup key', async () => {
    const other = backupKeyOf(randomBytes(32).toString('base64'), 'other');
    const target = await refusingTarget();
    await assert.rejects(restoreBackup(target, file, other, { replace: false, migrateAfter: true }), (e) => {
      assert.equal(code(e), 'BACKUP_KEY_WRONG');
      return true;
    });
  });

  it('refuses to restore into a database that holds data, and replaces it with --replace', async () => {
    const target = await refusingTarget();
    await seedJurisdiction(target, { shortName: 'other' });
    await assert.rejects(restoreBackup(target, file, key, { replace: false, migrateAfter: true }), (e) => {
      assert.equal(code(e), 'RESTORE_TARGET_NOT_EMPTY');
      assert.match((e as Error).message, /jurisdictions/);
      return true;
    });
    await restoreBackup(target, file, key, { replace: true, migrateAfter: true });
    assert.deepEqual(await countRows(target), await countRows(app.db));
    const names = await target.query<{ short_name: string }>('select short_name from jurisdictions');
    assert.deepEqual(
      names.map((n) => n.short_name),
      [seeded.jurisdiction.shortName],
    );
  });
});
