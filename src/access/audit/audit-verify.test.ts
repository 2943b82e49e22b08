import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, beforeEach, it } from 'node:test';
import { describeEachEngine, openTestDatabase } from '../../../test/support/test-databases.js';
import type { Database } from '../../platform/database.js';
import { cliActor } from '../roles.js';
import { appendAuditEntries } from './audit-repository.js';
import { verifyAuditChains } from './audit-service.js';

describeEachEngine('sos audit verify', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const jurisdictionId = randomUUID();

  beforeEach(async () => {
    if (dispose) await dispose();
    ({ db, dispose } = await openTestDatabase(engine));
    for (let i = 1; i <= 6; i++) {
      await db.transaction((tx) =>
        appendAuditEntries(tx, jurisdictionId, new Date(Date.UTC(2024, 0, i, 12, 0, 0, 123)), [
          {
            actorType: 'user',
            actorId: `u${i}`,
            action: 'reports.ingest',
            subjectType: 'organization',
            subjectId: 'org',
            purpose: 'surveillance',
            details: { accepted: i, nested: { b: 2, a: [1, 'x'] } },
          },
        ]),
      );
    }
  });
  after(() => dispose());

  const verdict = async () => {
    const [report] = await verifyAuditChains(db, cliActor);
    return report?.problems.map((p) => `${p.kind}@${p.seq}`) ?? ['no chain'];
  };
  /** Tampering needs the append-only trigger out of the way, as an attacker with owner rights would do. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await db.transaction(async (tx) => {
      await tx.query('alter table audit_entries disable trigger audit_entries_append_only');
      await tx.query(sql, params);
      await tx.query('alter table audit_entries enable trigger audit_entries_append_only');
    });
  };

  it('finds an intact chain intact', async () => {
    const [report] = await verifyAuditChains(db, cliActor);
    assert.equal(report?.entries, 6);
    assert.deepEqual(report?.problems, []);
  });

  it('stays one unbroken chain when many transactions append at once', async () => {
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction((tx) =>
          appendAuditEntries(tx, jurisdictionId, new Date(), [
            {
              actorType: 'user',
              actorId: `c${i}`,
              action: 'a',
              subjectType: 's',
              subjectId: null,
              purpose: null,
              details: { i },
            },
            {
              actorType: 'user',
              actorId: `c${i}`,
              action: 'b',
              subjectType: 's',
              subjectId: null,
              purpose: null,
              details: {},
            },
          ]),
        ),
      ),
    );
    const [report] = await verifyAuditChains(db, cliActor);
    assert.equal(report?.entries, 6 + 48);
    assert.deepEqual(report?.problems, []);
  });

  it('refuses updates and deletes of audit entries', async () => {
    await assert.rejects(db.query("update audit_entries set action = 'x' where seq = 2"), /append-only/);
    await assert.rejects(db.query('delete from audit_entries where seq = 2'), /append-only/);
  });

  it('catches a changed entry', async () => {
    await tamper(`update audit_entries set details = '{"accepted": 999}' where seq = 3`);
    assert.deepEqual(await verdict(), ['changed@3']);
  });

  it('catches a changed time or actor', async () => {
    await tamper("update audit_entries set actor_id = 'someone-else' where seq = 5");
    assert.deepEqual(await verdict(), ['changed@5']);
  });

  it('catches a deleted entry in the middle', async () => {
    await tamper('delete from audit_entries where seq = 4');
    assert.deepEqual(await verdict(), ['missing@4', 'inserted@5']);
  });

  it('catches entries deleted from the end', async () => {
    await tamper('delete from audit_entries where seq >= 5');
    assert.deepEqual(await verdict(), ['truncated@5']);
  });

  it('catches an inserted entry, even one carrying a well-formed hash', async () => {
    await tamper(
      `insert into audit_entries (jurisdiction_id, seq, at, actor_type, actor_id, action, subject_type, subject_id,
         purpose, details, prev_hash, hash)
       select jurisdiction_id, 7, at, actor_type, actor_id, action, subject_type, subject_id, purpose, details, hash,
         repeat('a', 64) from audit_entries where seq = 6`,
    );
    assert.deepEqual(await verdict(), ['changed@7', 'inserted@7']);
  });

  it('catches an entry swapped for a re-hashed forgery', async () => {
    // Re-sealing one entry breaks the link of the next one: the chain, not the hash alone, protects it.
    await tamper("update audit_entries set hash = repeat('b', 64) where seq = 2");
    assert.deepEqual(await verdict(), ['changed@2', 'relinked@3']);
  });
});
