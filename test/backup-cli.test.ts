import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from './support/postgres-cluster.js';
import { sos } from './support/sos-process.js';
import { clusterUrl } from './support/test-databases.js';

// The commands as an operator runs them, on PostgreSQL (each command on an embedded database spends
// seconds opening it; backup verify still restores into a scratch embedded one): exit codes and output.
describe('sos backup, sos restore and sos keys on the command line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-backup-cli-'));
  const dataDir = path.join(dir, 'data');
  let source: TestDatabase;
  let target: TestDatabase;
  before(async () => {
    source = await createTestDatabase(clusterUrl());
    target = await createTestDatabase(clusterUrl());
    env.DATABASE_URL = source.url;
  });
  after(async () => {
    await source.drop();
    await target.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = {
    SOS_DATA_DIR: dataDir,
    DATABASE_URL: '',
    SOS_ENCRYPTION_KEYS: '',
    SOS_ENCRYPTION_KEY: '',
    SOS_BACKUP_KEY: '',
    SOS_BACKUP_KEY_FILE: '',
  };
  const file = path.join(dir, 'site.sosbackup');

  it('backs up (a new backup key, 0600), verifies, restores into an empty database and refuses a full one', async () => {
    const created = await sos(
      [
        'jurisdiction',
        'create',
        '--short-name',
        'hc',
        '--name',
        'H County',
        '--time-zone',
        'America/New_York',
      ],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const backup = await sos(['backup', '--out', file], env);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /site\.sosbackup: verified \(\d+ tables, 0 audit chains, schema \d{4}_\w+\)/);
    assert.equal(statSync(path.join(dataDir, 'backup.key')).mode & 0o777, 0o600);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const into = target.url;
    const restored = await sos(['restore', file, '--into', into], env);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /^restored 1 rows of \d+ tables/);
    const again = await sos(['restore', file, '--into', into], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error RESTORE_TARGET_NOT_EMPTY: .*jurisdictions/);
    const wrongKey = await sos(['backup', 'verify', file], {
      ...env,
      SOS_BACKUP_KEY: randomBytes(32).toString('base64'),
    });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /^error BACKUP_KEY_WRONG: /);
  });

  it('rotates the key file and reports every key with its rows', async () => {
    const keyFile = path.join(dataDir, 'encryption.key');
    const before = readFileSync(keyFile, 'utf8').trim().split('\n');
    const rotated = await sos(['keys', 'rotate'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const after = readFileSync(keyFile, 'utf8').trim().split('\n');
    assert.deepEqual(after.slice(1), before);
    const status = await sos(['keys', 'status', '--json'], env);
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as {
      keys: { id: string; current: boolean }[];
      rotation: { done: number; finishedAt: string | null };
    };
    assert.deepEqual(
      parsed.keys.map((k) => k.current),
      [true, false],
    );
    assert.equal(parsed.rotation.done, 0);
    assert.ok(parsed.rotation.finishedAt);
    // The rotation is audited, and the chain still verifies after it.
    const verified = await sos(['audit', 'verify', '--json'], env);
    assert.equal(verified.code, 0, verified.stderr);
    const chains = (JSON.parse(verified.stdout) as { ok: boolean; chains: { entries: number }[] }).chains;
    assert.ok(
      chains.some((c) => c.entries > 0),
      'the rotation wrote to the audit chain',
    );
    const environment = await sos(['keys', 'rotate'], {
      ...env,
      SOS_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
    });
    assert.equal(environment.code, 0, environment.stderr);
    assert.match(environment.stdout, /put this new key first in SOS_ENCRYPTION_KEYS/);
  });
});
