import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Actor } from '../access/roles.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { SosError } from '../platform/errors.js';
import { openPerson, type PersonReadRequest, personsSharingMatchKeys } from './person-vault.js';

const ann = { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02', phone: '555-0100' };

describeEachEngine('the person vault', (engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let personIds: string[];
  const now = new Date('2025-01-02T00:00:00Z');
  before(async () => {
    app = await openTestContext(engine);
    seeded = await seedJurisdiction(app.db);
    const at = (id: string, day: string, person: object) => ({
      source_record_id: id,
      occurred_at: `2024-05-${day}T10:00:00Z`,
      latitude: 41.7658,
      longitude: -72.6734,
      person,
    });
    const results = await ingestReports(app.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: [
        at('v-1', '01', ann),
        at('v-2', '03', { ...ann, first_name: 'ANN', phone: undefined }),
        at('v-3', '05', { first_name: 'Bob', last_name: 'Stone', birth_date: '1985-11-30' }),
      ].map((raw) => ({ raw, fields: raw })),
    });
    const rows = await app.db.query<{ person_id: string }>(
      `select person_id from reports where jurisdiction_id = $1 and id = any($2::uuid[])
       order by source_record_id`,
      [seeded.jurisdiction.id, results.map((r) => r.reportId)],
    );
    personIds = rows.map((r) => r.person_id);
  });
  after(() => app.dispose());

  const program = randomUUID();
  const coordinator = (programIds: string[] = [program]): Actor => ({
    kind: 'user',
    userId: randomUUID(),
    jurisdictionId: seeded.jurisdiction.id,
    role: 'outreach_coordinator',
    organizationId: null,
    programIds,
  });
  const readsOf = async () =>
    app.db.query<{ action: string; subject_id: string; purpose: string; actor_id: string }>(
      `select action, subject_id, purpose, actor_id from audit_entries
       where jurisdiction_id = $1 and action = 'person.read' order by seq`,
      [seeded.jurisdiction.id],
    );
  const code = (e: unknown) => (e instanceof SosError ? e.code : String(e));
  const request = (fields: Partial<PersonReadRequest> = {}): PersonReadRequest => ({
    jurisdictionId: seeded.jurisdiction.id,
    personId: personIds[0] as string,
    use: 'treatment',
    programId: program,
    ...fields,
  });

  it("opens a person read through her program's case and logs the read with who, whom and why", async () => {
    const actor = coordinator();
    const person = await openPerson(app.db, app.keyring, actor, request(), now);
    assert.deepEqual(person, ann);
    const reads = await readsOf();
    assert.deepEqual(reads.at(-1), {
      action: 'person.read',
      subject_id: personIds[0],
      purpose: 'treatment',
      actor_id: actor.kind === 'user' ? actor.userId : null,
    });
  });

  it('asks the policy first: role, purpose, program and jurisdiction, logging no refused read', async () => {
    const before = (await readsOf()).length;
    const refusal = async (actor: Actor, fields: Partial<PersonReadRequest>) => {
      try {
        await openPerson(app.db, app.keyring, actor, request(fields), now);
        return 'opened';
      } catch (e) {
        return code(e);
      }
    };
    const analyst: Actor = { ...(coordinator() as Actor & { kind: 'user' }), role: 'analyst' };
    assert.equal(
      await refusal(analyst, { personId: randomUUID() }),
      'FORBIDDEN',
      'permission before existence',
    );
    assert.equal(await refusal(coordinator(), { use: 'surveillance' }), 'FORBIDDEN', 'not for surveillance');
    assert.equal(await refusal(coordinator([randomUUID()]), {}), 'FORBIDDEN', "another program's person");
    assert.equal(
      await refusal(coordinator([randomUUID()]), { use: { purpose: 'emergency', glassBreak: null, now } }),
      'BREAK_THE_GLASS_REQUIRED',
      'in an emergency, only with a broken glass',
    );
    assert.equal(
      await refusal({ ...(coordinator() as Actor & { kind: 'user' }), jurisdictionId: randomUUID() }, {}),
      'FORBIDDEN',
    );
    assert.equal(await refusal(coordinator(), { personId: randomUUID() }), 'NOT_FOUND');
    assert.equal((await readsOf()).length, before, 'a refused or failed read leaves no entry');
  });

  it('groups persons by match key without opening them', async () => {
    const [ann1, ann2, bob] = personIds as [string, string, string];
    const same = await personsSharingMatchKeys(app.db, seeded.jurisdiction.id, {
      personIds: [ann1],
      matchKeys: [],
    });
    assert.deepEqual(
      [...same.keys()].sort(),
      [ann1, ann2].sort(),
      'the same name and birth date, however cased',
    );
    assert.equal(same.get(ann1), same.get(ann2));
    const both = await personsSharingMatchKeys(app.db, seeded.jurisdiction.id, {
      personIds: [ann1, bob],
      matchKeys: [],
    });
    assert.equal(both.size, 3);
    assert.notEqual(both.get(bob), both.get(ann1));
    const other = await personsSharingMatchKeys(app.db, randomUUID(), { personIds: [ann1], matchKeys: [] });
    assert.equal(other.size, 0, 'another jurisdiction finds none of them');
  });
});
