import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appendAuditEntries } from '../src/access/audit/audit-repository.js';
import { openPostgres } from '../src/platform/database.js';
import { migrate } from '../src/platform/migrate.js';
import { createTestDatabase } from './support/postgres-cluster.js';
import { sos } from './support/sos-process.js';

// The Done item, through the command line an auditor runs: a chain cut short with its head
// rolled back verifies intact on its own, and `--checkpoint` catches it.
describe('sos audit checkpoint and sos audit verify --checkpoint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-audit-cli-'));
  const jurisdictionId = randomUUID();
  let env: NodeJS.ProcessEnv = {};
  let drop = async () => {};
  let url = '';
  after(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  before(async () => {
    const database = await createTestDatabase(process.env.SOS_TEST_DATABASE_URL as string);
    ({ url, drop } = database);
    env = { SOS_DATA_DIR: dir, DATABASE_URL: url, SOS_AUDIT_SIGNING_KEY_FILE: path.join(dir, 'signing.key') };
    const db = await openPostgres(url);
    await migrate(db);
    for (let i = 1; i <= 5; i++) {
      await db.transaction((tx) =>
        appendAuditEntries(tx, jurisdictionId, new Date(Date.UTC(2025, 2, i)), [
          {
            actorType: 'user',
            actorId: 'u1',
            action: 'person.read',
            subjectType: 'person',
            subjectId: `p${i}`,
            purpose: 'treatment',
            details: {},
          },
        ]),
      );
    }
    await db.close();
  });

  it('signs a checkpoint, prints the public key, and catches a cut chain only with --checkpoint', async () => {
    const made = await sos(['audit', 'checkpoint'], env);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, new RegExp(`${jurisdictionId}: checkpoint at entry 5`));
    const file = path.join(dir, 'audit-checkpoints.jsonl');
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 1);
    const publicKey = await sos(['audit', 'public-key'], env);
    assert.match(publicKey.stdout, /^-----BEGIN PUBLIC KEY-----/);
    const keyFile = path.join(dir, 'public.pem');
    writeFileSync(keyFile, publicKey.stdout);
    const held = await sos(['audit', 'verify', '--checkpoint', file, '--public-key', keyFile], env);
    assert.equal(held.code, 0, held.stdout + held.stderr);
    assert.match(held.stdout, /checkpoints: 1 checked, all held/);

    const db = await openPostgres(url);
    await db.transaction(async (tx) => {
      await tx.query('alter table audit_entries disable trigger audit_entries_append_only');
      await tx.query('delete from audit_entries where seq > 3');
      await tx.query(
        'update audit_chain_heads set seq = 3, hash = (select hash from audit_entries where seq = 3)',
      );
      await tx.query('alter table audit_entries enable trigger audit_entries_append_only');
    });
    await db.close();

    const chainOnly = await sos(['audit', 'verify'], env);
    assert.equal(chainOnly.code, 0, chainOnly.stdout);
    assert.match(chainOnly.stdout, /3 entries, intact/);
    const anchored = await sos(
      ['audit', 'verify', '--checkpoint', file, '--public-key', keyFile, '--json'],
      env,
    );
    assert.equal(anchored.code, 1, anchored.stdout + anchored.stderr);
    const verdict = JSON.parse(anchored.stdout) as {
      ok: boolean;
      checkpoints: { problems: { kind: string; message: string }[] };
    };
    assert.equal(verdict.ok, false);
    assert.deepEqual(
      verdict.checkpoints.problems.map((p) => p.kind),
      ['cut_short'],
    );
    assert.match(verdict.checkpoints.problems[0]?.message ?? '', /ends at 3, before checkpoint 1 \(seq 5/);
  });

  it('refuses a forged checkpoint and names a line that is not one', async () => {
    const file = path.join(dir, 'audit-checkpoints.jsonl');
    const [line] = readFileSync(file, 'utf8').trim().split('\n');
    const forged = path.join(dir, 'forged.jsonl');
    writeFileSync(forged, `${JSON.stringify({ ...JSON.parse(line as string), seq: 2 })}\n`);
    const refused = await sos(['audit', 'verify', '--checkpoint', forged], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /forged: checkpoint 1 is not signed by this public key/);
    writeFileSync(forged, `${line}\n{"seq": 1}\n`);
    const unreadable = await sos(['audit', 'verify', '--checkpoint', forged], env);
    assert.equal(unreadable.code, 1);
    assert.match(unreadable.stderr, /AUDIT_CHECKPOINT_INVALID.*forged\.jsonl, line 2: jurisdiction_id/);
  });
});
