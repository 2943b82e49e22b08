import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  type Engine,
  openTestContext,
  seedJurisdiction,
} from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { backupKeyOf } from '../platform/backup/backup-key.js';
import { openSealedFile, writeSealedFile } from '../platform/backup/sealed-file.js';
import type { AppContext } from './app-context.js';
import { takeBackup, verifyBackup } from './backups.js';

const key = backupKeyOf(Buffer.alloc(32, 5).toString('base64'), 'test key');

describeEachEngine('backup verification', (engine: Engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  let dir: string;
  let file: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sos-backup-verify-test-'));
    file = path.join(dir, 'site.sosbackup');
    app = await openTestContext(engine);
    const seeded = await seedJurisdiction(app.db);
    await ingestReports(app.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: [
        {
          source_record_id: 'v-1',
          occurred_at: '2024-05-01T10:00:00Z',
          latitude: 41.7658,
          longitude: -72.6734,
        },
      ].map((raw) => ({ raw, fields: raw })),
    });
    await takeBackup(app.db, file, key, new Date('2025-01-02T00:00:00Z'));
  });
  after(async () => {
    await app.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores the backup into a scratch database and finds no difference with its manifest or audit heads', async () => {
    const check = await verifyBackup(file, key);
    assert.deepEqual(check.differences, []);
    assert.equal(check.manifest.engine, engine);
    assert.equal(check.manifest.tables.reports, 1);
    assert.equal(check.manifest.audit_heads.length, 1);
  });

  it('names each difference: rows short of the manifest, an audit head the chain does not end at', async () => {
    // A backup sealed with the right key whose manifest claims one more report and another head.
    const lines: string[] = [];
    for await (const line of openSealedFile(file, key).lines()) lines.push(line);
    const first = JSON.parse(lines[0] as string);
    first.manifest.tables.reports += 1;
    first.manifest.audit_heads[0].seq += 1;
    lines[0] = JSON.stringify(first);
    const altered = path.join(dir, 'altered.sosbackup');
    await writeSealedFile(
      altered,
      key,
      (async function* () {
        for (const l of lines) yield `${l}\n`;
      })(),
    );
    const check = await verifyBackup(altered, key);
    const jurisdiction = first.manifest.audit_heads[0].jurisdiction_id;
    const head = first.manifest.audit_heads[0];
    assert.deepEqual(check.differences, [
      'reports: 1 rows restored, the manifest says 2',
      `audit head of ${jurisdiction}: the manifest says ${head.seq} ${head.hash}, the restored chain does not end there`,
      `audit head of ${jurisdiction}: ${head.seq - 1} ${head.hash} is not in the manifest`,
    ]);
  });
});
