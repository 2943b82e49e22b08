import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openTestDatabase } from '../../../test/support/test-databases.js';
import { appendAuditEntries } from '../../access/audit/audit-repository.js';
import type { Database, Queryable } from '../../platform/database.js';
import { lastPosition, readChangesAfter, recordLiveChange } from './live-log.js';

/** A promise and the function that settles it, to make two transactions take turns. */
function signal(): { wait: Promise<void>; give: () => void } {
  let give = () => {};
  const wait = new Promise<void>((resolve) => {
    give = resolve;
  });
  return { wait, give };
}

const audit = (tx: Queryable, jurisdictionId: string, action: string) =>
  appendAuditEntries(tx, jurisdictionId, new Date(), [
    {
      actorType: 'system',
      actorId: null,
      action,
      subjectType: 'overdose',
      subjectId: null,
      purpose: 'surveillance',
      details: {},
    },
  ]);

describe('the live log on PostgreSQL', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ db, dispose } = await openTestDatabase('postgres'));
  });
  after(() => dispose());

  it('lets a linkage merge (live change, then audit) and an intake batch (audit, then live change) run at once', async () => {
    const jurisdictionId = randomUUID();
    const [merged, ingested] = [randomUUID(), randomUUID()];
    const mergeLogged = signal();
    const batchAudited = signal();
    // The merge's order: its live change first, its audit entry after (linkage-review-service).
    const merge = db.transaction(async (tx) => {
      await recordLiveChange(tx, jurisdictionId, [merged]);
      mergeLogged.give();
      await batchAudited.wait;
      await audit(tx, jurisdictionId, 'linkage.merge');
    });
    // The batch's order: its audit entry first, its live change after (intake-service).
    const batch = db.transaction(async (tx) => {
      await mergeLogged.wait;
      const audited = audit(tx, jurisdictionId, 'reports.ingest');
      // The batch's audit may wait for the merge: let the merge go on after a moment either way.
      setTimeout(batchAudited.give, 300);
      await audited;
      await recordLiveChange(tx, jurisdictionId, [ingested]);
    });
    const outcomes = await Promise.allSettled([merge, batch]);
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'committed')),
      ['committed', 'committed'],
      'neither transaction is chosen as a deadlock victim',
    );
    const changes = await readChangesAfter(db, jurisdictionId, 0);
    assert.deepEqual(
      changes.map((c) => [c.position, c.overdoseIds]),
      [
        [1, [merged]],
        [2, [ingested]],
      ],
    );
    assert.equal(await lastPosition(db, jurisdictionId), 2);
  });
});
