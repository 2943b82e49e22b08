import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestDatabase } from '../../../test/support/test-databases.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { readAuditPage } from '../audit/audit-repository.js';
import { authorize } from '../authorize.js';
import type { Resource } from '../resource.js';
import type { Actor } from '../roles.js';
import { breakTheGlass, emergencyUse } from './glass-break-service.js';

describeEachEngine('break the glass', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const jurisdictionId = randomUUID();
  const coordinator: Actor = {
    kind: 'user',
    userId: randomUUID(),
    jurisdictionId,
    role: 'outreach_coordinator',
    organizationId: null,
    programIds: ['program-a'],
  };
  const person: Resource & { id: string } = {
    type: 'person',
    id: randomUUID(),
    jurisdictionId,
    programId: 'program-b',
    tier: 'T3',
  };
  let now = new Date('2026-03-02T08:00:00Z');
  const deps = () => ({ db, clock: { now: () => now } });
  const refusedWith = (code: string, field?: string) => (error: unknown) =>
    error instanceof SosError &&
    error.code === code &&
    (field === undefined || (error.details as { field?: string } | undefined)?.field === field);

  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  after(() => dispose());

  it('refuses to break the glass without a reason, and writes nothing', async () => {
    for (const reason of ['', '   ', 'because']) {
      await assert.rejects(
        breakTheGlass(deps(), coordinator, 'person.read', person, reason),
        refusedWith('VALIDATION_FAILED', 'reason'),
      );
    }
    assert.equal((await readAuditPage(db, jurisdictionId, 0, 10)).length, 0);
    const use = await emergencyUse(deps(), coordinator, 'person.read', person);
    assert.equal(use.glassBreak, null);
    assert.throws(
      () => authorize(coordinator, 'person.read', person, use),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
  });

  it('refuses to break a glass the policy does not offer: a worker, or a record she may read anyway', async () => {
    const worker: Actor = { ...coordinator, role: 'outreach_worker' };
    await assert.rejects(
      breakTheGlass(deps(), worker, 'person.read', person, 'Found unconscious at the shelter'),
      refusedWith('FORBIDDEN'),
    );
    await assert.rejects(
      breakTheGlass(
        deps(),
        coordinator,
        'person.read',
        { ...person, programId: 'program-a' },
        'Found unconscious at the shelter',
      ),
      refusedWith('VALIDATION_FAILED', 'action'),
    );
  });

  it('with a reason, opens the record for 60 minutes and audits the break', async () => {
    const reason = '  Survivor brought to our drop-in by a family member  ';
    const glass = await breakTheGlass(deps(), coordinator, 'person.read', person, reason);
    assert.equal(glass.expiresAt.getTime() - glass.openedAt.getTime(), 60 * 60_000);

    const [entry, ...more] = await readAuditPage(db, jurisdictionId, 0, 10);
    assert.equal(more.length, 0);
    assert.equal(entry?.action, 'access.break_the_glass');
    assert.equal(entry?.actorId, coordinator.kind === 'user' ? coordinator.userId : '');
    assert.deepEqual(
      [entry?.subjectType, entry?.subjectId, entry?.purpose],
      ['person', person.id, 'emergency'],
    );
    assert.deepEqual(entry?.details, {
      action: 'person.read',
      reason: reason.trim(),
      expires_at: '2026-03-02T09:00:00.000Z',
    });

    now = new Date('2026-03-02T08:59:59Z');
    const during = await emergencyUse(deps(), coordinator, 'person.read', person);
    assert.equal(during.glassBreak?.id, glass.id);
    assert.equal(authorize(coordinator, 'person.read', person, during).effect, 'break_the_glass');
    // It opens that record for that action only.
    const other = { ...person, id: randomUUID() };
    assert.throws(
      () => authorize(coordinator, 'person.read', other, during),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
  });

  it('expires after its time', async () => {
    now = new Date('2026-03-02T09:00:00Z');
    const expired = await emergencyUse(deps(), coordinator, 'person.read', person);
    assert.equal(expired.glassBreak, null);
    assert.throws(
      () => authorize(coordinator, 'person.read', person, expired),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
  });
});
