import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, beforeEach, it } from 'node:test';
import {
  describeEachEngine,
  openTestContext,
  openTestDatabase,
} from '../../../../test/support/test-databases.js';
import type { Database } from '../../../platform/database.js';
import { cliActor } from '../../roles.js';
import { GENESIS_HASH, hashAuditEntry } from '../audit-chain.js';
import { appendAuditEntries, readAuditPage } from '../audit-repository.js';
import { verifyAuditChains } from '../audit-service.js';
import { parseCheckpointLines, type SignedCheckpoint } from './audit-checkpoint.js';
import { signChainHeads, verifyAgainstCheckpoints } from './audit-checkpoint-service.js';
import { loadAuditSigningKey, publicKeyPem, readPublicKey } from './audit-signing-key.js';
import { CheckpointWriter } from './checkpoint-writer.js';

const folder = mkdtempSync(path.join(tmpdir(), 'sos-checkpoint-'));
const key = loadAuditSigningKey(path.join(folder, 'keys', 'audit-signing.key'));
after(() => rmSync(folder, { recursive: true, force: true }));

describeEachEngine('audit checkpoints', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const jurisdictionId = randomUUID();
  const write = (i: number) =>
    db.transaction((tx) =>
      appendAuditEntries(tx, jurisdictionId, new Date(Date.UTC(2025, 0, i, 9)), [
        {
          actorType: 'user',
          actorId: `u${i}`,
          action: 'person.read',
          subjectType: 'person',
          subjectId: `p${i}`,
          purpose: 'treatment',
          details: { i },
        },
      ]),
    );

  beforeEach(async () => {
    if (dispose) await dispose();
    ({ db, dispose } = await openTestDatabase(engine));
    for (let i = 1; i <= 6; i++) await write(i);
  });
  after(() => dispose());

  const chainIntact = async () =>
    (await verifyAuditChains(db, cliActor)).every((r) => r.problems.length === 0);
  const checkpointNow = () => signChainHeads(db, cliActor, key.privateKey, new Date(Date.UTC(2025, 0, 7)));
  const verdict = async (checkpoints: SignedCheckpoint[]) =>
    (await verifyAgainstCheckpoints(db, cliActor, checkpoints, key.publicKey)).map(
      (p) => `${p.kind}@${p.seq}`,
    );
  /** Changes the chain as an owner of the database could: the append-only trigger out of the way. */
  const tamper = (work: (tx: Database) => Promise<void>) =>
    db.transaction(async (tx) => {
      await tx.query('alter table audit_entries disable trigger audit_entries_append_only');
      await work(tx as Database);
      await tx.query('alter table audit_entries enable trigger audit_entries_append_only');
    });

  it('holds an intact chain to its checkpoint, and to older ones as it grows', async () => {
    const checkpoints = await checkpointNow();
    assert.deepEqual(
      checkpoints.map((c) => [c.jurisdiction_id, c.seq]),
      [[jurisdictionId, 6]],
    );
    await write(7);
    assert.deepEqual(await verdict(checkpoints), []);
  });

  it('catches the newest entries deleted and the head rolled back, which the chain alone misses', async () => {
    const checkpoints = await checkpointNow();
    await tamper(async (tx) => {
      await tx.query('delete from audit_entries where jurisdiction_id = $1 and seq > 4', [jurisdictionId]);
      await tx.query(
        `update audit_chain_heads set seq = 4, hash = (select hash from audit_entries where jurisdiction_id = $1 and seq = 4)
         where jurisdiction_id = $1`,
        [jurisdictionId],
      );
    });
    assert.equal(await chainIntact(), true);
    assert.deepEqual(await verdict(checkpoints), ['cut_short@6']);
  });

  it('catches a chain rewritten and re-hashed all the way behind the checkpoint', async () => {
    const checkpoints = await checkpointNow();
    await tamper(async (tx) => {
      // A forger rebuilds the whole chain from the genesis hash with entry 3 changed.
      let prevHash = GENESIS_HASH;
      for (const entry of await readAuditPage(tx, jurisdictionId, 0, 100)) {
        const content = { ...entry, prevHash, details: entry.seq === 3 ? { i: 'forged' } : entry.details };
        const hash = hashAuditEntry(content);
        await tx.query(
          'update audit_entries set details = $3, prev_hash = $4, hash = $5 where jurisdiction_id = $1 and seq = $2',
          [jurisdictionId, entry.seq, JSON.stringify(content.details), prevHash, hash],
        );
        prevHash = hash;
      }
      await tx.query('update audit_chain_heads set hash = $2 where jurisdiction_id = $1', [
        jurisdictionId,
        prevHash,
      ]);
    });
    assert.equal(await chainIntact(), true);
    assert.deepEqual(await verdict(checkpoints), ['rewritten@6']);
  });

  it('refuses a forged checkpoint: one signed by another key, or one whose claim was edited', async () => {
    const [real] = await checkpointNow();
    assert.ok(real);
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const [foreign] = await signChainHeads(db, cliActor, otherKey, new Date());
    assert.ok(foreign);
    const edited = { ...real, seq: 5 };
    assert.deepEqual(await verdict([foreign, edited]), ['forged@6', 'forged@5']);
    assert.deepEqual(await verdict([real]), []);
  });

  it('appends checkpoints to the file and sends again what the endpoint refused', async () => {
    const file = path.join(folder, `${engine}-checkpoints.jsonl`);
    let answer = 503;
    const received: SignedCheckpoint[] = [];
    const writer = new CheckpointWriter({
      db,
      actor: cliActor,
      privateKey: () => key.privateKey,
      file,
      url: 'https://anchor.example.org/checkpoints',
      post: async (_url, body) => {
        if (answer === 200) received.push(JSON.parse(body) as SignedCheckpoint);
        return answer;
      },
    });
    await assert.rejects(writer.runOnce(new Date(Date.UTC(2025, 0, 7))), /answered 503; 1 checkpoint/);
    assert.equal(writer.waiting, 1);
    await write(7);
    answer = 200;
    await writer.runOnce(new Date(Date.UTC(2025, 0, 8)));
    assert.equal(writer.waiting, 0);
    assert.deepEqual(
      received.map((c) => c.seq),
      [6, 7],
    );
    const lines = parseCheckpointLines(readFileSync(file, 'utf8'), file);
    assert.deepEqual(
      lines.map((c) => c.seq),
      [6, 7],
    );
    assert.deepEqual(await verdict(lines), []);
  });
});

it('creates the signing key once, readable by its owner only, and prints its public half', () => {
  const file = path.join(folder, 'keys', 'audit-signing.key');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const again = loadAuditSigningKey(file);
  assert.equal(publicKeyPem(again), publicKeyPem(key));
  const pemFile = path.join(folder, 'public.pem');
  writeFileSync(pemFile, publicKeyPem(key));
  assert.equal(readPublicKey(pemFile).export({ type: 'spki', format: 'pem' }), publicKeyPem(key));
});

it('names the file, line and field of a checkpoint line that is not one', () => {
  assert.throws(
    () => parseCheckpointLines('\n{"jurisdiction_id":"j","seq":-1}\n', 'cp.jsonl'),
    /cp\.jsonl, line 2: seq/,
  );
  assert.throws(() => parseCheckpointLines('nope', 'cp.jsonl'), /cp\.jsonl, line 1: not JSON/);
});

it("holds the checkpoint endpoint to the webhooks' address rules: a loopback address is refused and waits", async () => {
  const context = await openTestContext('pglite', {
    config: { auditCheckpointUrl: 'http://127.0.0.1:9/checkpoints', auditCheckpointFile: null },
  });
  try {
    await context.db.transaction((tx) =>
      appendAuditEntries(tx, randomUUID(), new Date(), [
        {
          actorType: 'system',
          actorId: 'cli',
          action: 'user.create',
          subjectType: 'user',
          subjectId: null,
          purpose: null,
          details: {},
        },
      ]),
    );
    await assert.rejects(
      context.auditCheckpoints.runOnce(new Date()),
      /127\.0\.0\.1:9.*not public|127\.0\.0\.1.*1 checkpoint\(s\) wait/,
    );
    assert.equal(context.auditCheckpoints.waiting, 1);
  } finally {
    await context.dispose();
  }
});
