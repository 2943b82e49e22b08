import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestDatabase } from '../../test/support/test-databases.js';
import type { Actor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import { withPrograms } from './outreach-access.js';

/** The programs an actor works in come from active team membership, read fresh on every call. */
describeEachEngine('withPrograms', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const jurisdictionId = randomUUID();
  const otherJurisdictionId = randomUUID();
  const userId = randomUUID();
  const otherUserId = randomUUID();
  const programs = { active: randomUUID(), left: randomUUID(), twice: randomUUID(), others: randomUUID() };
  const coordinator: Actor = {
    kind: 'user',
    userId,
    jurisdictionId,
    role: 'outreach_coordinator',
    organizationId: null,
  };

  /** Adds a team member row; returns its id. */
  const addMember = async (member: {
    jurisdictionId?: string;
    programId: string;
    userId: string | null;
    active: boolean;
  }) => {
    const id = randomUUID();
    await db.query(
      `insert into outreach_program_members (jurisdiction_id, id, program_id, user_id, display_name, agency,
         team_role, active, created_at)
       values ($1, $2, $3, $4, 'A member', 'An agency', 'outreach_worker', $5, now())`,
      [member.jurisdictionId ?? jurisdictionId, id, member.programId, member.userId, member.active],
    );
    return id;
  };

  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
    await addMember({ programId: programs.active, userId, active: true });
    await addMember({ programId: programs.left, userId, active: false });
    // Twice on one team (two rows, e.g. moved between roles): the program once.
    await addMember({ programId: programs.twice, userId, active: true });
    await addMember({ programId: programs.twice, userId, active: true });
    // Someone else's team, a member who never signs in, and the same user id in another jurisdiction.
    await addMember({ programId: programs.others, userId: otherUserId, active: true });
    await addMember({ programId: programs.others, userId: null, active: true });
    await addMember({ jurisdictionId: otherJurisdictionId, programId: randomUUID(), userId, active: true });
  });
  after(() => dispose());

  const programIdsOf = async (actor: Actor) => {
    const found = await withPrograms(db, actor);
    return found.kind === 'user' ? [...(found.programIds ?? [])].sort() : null;
  };

  it("reads the user's active memberships of her jurisdiction only, each program once", async () => {
    assert.deepEqual(await programIdsOf(coordinator), [programs.active, programs.twice].sort());
  });

  it('gives a user on no team no programs', async () => {
    assert.deepEqual(await programIdsOf({ ...coordinator, userId: randomUUID() }), []);
  });

  it('replaces whatever programs the actor came with', async () => {
    assert.deepEqual(
      await programIdsOf({ ...coordinator, programIds: [programs.others] }),
      [programs.active, programs.twice].sort(),
    );
  });

  it('takes a membership ended or begun into account on the next call', async () => {
    const memberId = await addMember({ programId: programs.others, userId, active: true });
    assert.ok((await programIdsOf(coordinator))?.includes(programs.others));
    await db.query(
      'update outreach_program_members set active = false where jurisdiction_id = $1 and id = $2',
      [jurisdictionId, memberId],
    );
    assert.deepEqual(await programIdsOf(coordinator), [programs.active, programs.twice].sort());
  });

  it('leaves actors other than users as they are', async () => {
    const others: Actor[] = [
      { kind: 'public' },
      { kind: 'system', label: 'cli' },
      { kind: 'api_key', keyId: 'k', jurisdictionId, organizationId: randomUUID(), scopes: ['submit'] },
    ];
    for (const actor of others) assert.deepEqual(await withPrograms(db, actor), actor);
  });
});
