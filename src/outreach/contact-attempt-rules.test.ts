import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { type OutreachTestbed, openOutreachTestbed } from '../../test/support/outreach-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { breakTheGlass } from '../access/break-the-glass/glass-break-service.js';
import { caseResource } from './outreach-access.js';

const hour = 3_600_000;

describeEachEngine('contact attempts and their rules, through the API', (engine) => {
  let bed: OutreachTestbed;
  before(async () => {
    bed = await openOutreachTestbed(
      (clock) => openTestContext(engine, { clock }),
      async (db) => {
        const seeded = await seedJurisdiction(db);
        return { jurisdictionId: seeded.jurisdiction.id, organizationId: seeded.organization.id };
      },
    );
  });
  after(() => bed.dispose());

  // Each attempt a second after the one before (one clock for the whole suite, so the order is the time's).
  const attempt = (caseId: string, body: Record<string, unknown>, who = bed.users.worker) => {
    bed.clock.advance(1000);
    return bed.send(who, 'POST', `/cases/${caseId}/attempts`, {
      method: 'phone',
      outcome: 'no_answer',
      ...body,
    });
  };
  const consent = async (caseId: string, body: Record<string, unknown>) => {
    const answer = await bed.send(bed.users.worker, 'POST', `/cases/${caseId}/consents`, {
      method: 'verbal',
      ...body,
    });
    assert.equal(answer.statusCode, 201, answer.body);
    return answer.json() as { id: string };
  };
  const errorOf = (answer: { statusCode: number; json(): unknown }) => {
    const body = answer.json() as { error: { code: string; details?: { field?: string } } };
    return { status: answer.statusCode, code: body.error.code, field: body.error.details?.field };
  };

  it('leaves no materials unless the survivor was reached', async () => {
    await bed.setPolicies({});
    const caseId = await bed.newCase();
    assert.deepEqual(
      errorOf(await attempt(caseId, { outcome: 'no_answer', materials_left: ['contact_card'] })),
      {
        status: 422,
        code: 'OUTREACH_MATERIALS_NOT_ALLOWED',
        field: 'materials_left',
      },
    );
    assert.deepEqual(
      errorOf(await attempt(caseId, { outcome: 'other_person_answered', materials_left: ['naloxone'] })).code,
      'OUTREACH_MATERIALS_NOT_ALLOWED',
    );
    // A material the program does not allow, even to a survivor reached.
    assert.equal(
      errorOf(await attempt(caseId, { outcome: 'survivor_reached', materials_left: ['safer_use_supplies'] }))
        .code,
      'OUTREACH_MATERIALS_NOT_ALLOWED',
    );
    const reached = await attempt(caseId, {
      outcome: 'survivor_reached',
      materials_left: ['naloxone', 'contact_card'],
    });
    assert.equal(reached.statusCode, 201, reached.body);
    assert.deepEqual(reached.json().materials_left, ['naloxone', 'contact_card']);
    // Nothing refused was stored: one attempt only.
    const list = await bed.send(bed.users.worker, 'GET', `/cases/${caseId}/attempts`);
    assert.equal(list.json().attempts.length, 1);
  });

  it('allows a drop-off without reaching the survivor only under a materials consent in force', async () => {
    const caseId = await bed.newCase();
    await consent(caseId, { scope: 'materials_by_mail_or_drop_off' });
    const dropped = await attempt(caseId, {
      method: 'mail',
      outcome: 'no_answer',
      materials_left: ['resource_guide'],
    });
    assert.equal(dropped.statusCode, 201, dropped.body);
  });

  it('discloses nothing without the consent to that person, of this case and in force', async () => {
    const caseId = await bed.newCase();
    const otherCase = await bed.newCase();
    const answer = (body: Record<string, unknown>) =>
      attempt(caseId, { outcome: 'other_person_answered', disclosure: 'disclosed', ...body });
    assert.deepEqual(errorOf(await answer({})), {
      status: 422,
      code: 'CONSENT_REQUIRED',
      field: 'disclosure_consent_id',
    });
    const visitConsent = await consent(caseId, { scope: 'home_visit' });
    assert.equal(errorOf(await answer({ disclosure_consent_id: visitConsent.id })).code, 'CONSENT_REQUIRED');
    const elsewhere = await consent(otherCase, { scope: 'disclose_to_person', recipient: 'her mother' });
    assert.equal(errorOf(await answer({ disclosure_consent_id: elsewhere.id })).code, 'CONSENT_REQUIRED');
    const toMother = await consent(caseId, { scope: 'disclose_to_person', recipient: 'her mother' });
    // Obtained after the call being recorded: it does not excuse it.
    const earlier = new Date(bed.clock.now().getTime() - hour).toISOString();
    assert.equal(
      errorOf(await answer({ disclosure_consent_id: toMother.id, attempted_at: earlier })).code,
      'CONSENT_REQUIRED',
    );
    const told = await answer({ disclosure_consent_id: toMother.id });
    assert.equal(told.statusCode, 201, told.body);
    assert.equal(told.json().disclosure_consent_id, toMother.id);
    // The generic script needs no consent.
    assert.equal((await attempt(caseId, { outcome: 'other_person_answered' })).statusCode, 201);
  });

  it('makes no in-person attempt before a visit consent where the program is phone first', async () => {
    await bed.setPolicies({ phoneFirst: true });
    const caseId = await bed.newCase();
    assert.deepEqual(errorOf(await attempt(caseId, { method: 'in_person' })), {
      status: 422,
      code: 'CONSENT_REQUIRED',
      field: 'method',
    });
    await consent(caseId, { scope: 'home_visit' });
    assert.equal((await attempt(caseId, { method: 'in_person' })).statusCode, 201);
    await bed.setPolicies({ phoneFirst: false });
    try {
      assert.equal((await attempt(await bed.newCase(), { method: 'in_person' })).statusCode, 201);
    } finally {
      await bed.setPolicies({});
    }
  });

  it('contacts a survivor who declined again only with a further_contact consent obtained since', async () => {
    const caseId = await bed.newCase();
    assert.equal((await attempt(caseId, { outcome: 'declined' })).statusCode, 201);
    const again = await attempt(caseId, { outcome: 'no_answer' });
    assert.equal(errorOf(again).code, 'CONSENT_REQUIRED');
    bed.clock.advance(1000);
    await consent(caseId, { scope: 'further_contact' });
    assert.equal((await attempt(caseId, { outcome: 'survivor_reached' })).statusCode, 201);
  });

  it('holds a worker at the attempt cap, and lets a coordinator past it with a stored reason', async () => {
    await bed.setPolicies({ attemptCap: 2 });
    try {
      const caseId = await bed.newCase();
      assert.equal((await attempt(caseId, {})).statusCode, 201);
      assert.equal((await attempt(caseId, {})).statusCode, 201);
      // Exactly at the cap: refused, with a reason or without, for a worker.
      assert.deepEqual(errorOf(await attempt(caseId, {})), {
        status: 409,
        code: 'OUTREACH_ATTEMPT_CAP',
        field: 'cap_override_reason',
      });
      const reason = 'The survivor asked us to call back after her shift';
      assert.equal(
        errorOf(await attempt(caseId, { cap_override_reason: reason })).code,
        'OUTREACH_ATTEMPT_CAP',
      );
      // A coordinator without a reason, or with one too short, is held too.
      assert.equal(errorOf(await attempt(caseId, {}, bed.users.coordinator)).code, 'OUTREACH_ATTEMPT_CAP');
      assert.equal(
        errorOf(await attempt(caseId, { cap_override_reason: 'because' }, bed.users.coordinator)).code,
        'OUTREACH_ATTEMPT_CAP',
      );
      const past = await attempt(caseId, { cap_override_reason: reason }, bed.users.coordinator);
      assert.equal(past.statusCode, 201, past.body);
      assert.equal(past.json().cap_override_reason, reason);
      const stored = await bed.send(bed.users.coordinator, 'GET', `/cases/${caseId}/attempts`);
      assert.deepEqual(
        stored.json().attempts.map((a: { cap_override_reason: string | null }) => a.cap_override_reason),
        [null, null, reason],
      );
      // Below the cap a reason has nothing to explain.
      assert.equal(
        errorOf(await attempt(await bed.newCase(), { cap_override_reason: reason }, bed.users.coordinator))
          .code,
        'VALIDATION_FAILED',
      );
    } finally {
      await bed.setPolicies({});
    }
  });

  it('counts attempts sent at the same moment against the cap one after the other', async () => {
    await bed.setPolicies({ attemptCap: 3 });
    try {
      const caseId = await bed.newCase();
      const answers = await Promise.all(Array.from({ length: 6 }, () => attempt(caseId, {})));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 201, 201, 409, 409, 409]);
    } finally {
      await bed.setPolicies({});
    }
  });

  it('answers a resent client_id with the stored attempt (200), refuses it on another case', async () => {
    const caseId = await bed.newCase();
    const clientId = randomUUID();
    const first = await attempt(caseId, {
      client_id: clientId,
      outcome: 'survivor_reached',
      note: 'spoke 5 min',
    });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().id, clientId);
    const again = await attempt(caseId, {
      client_id: clientId,
      outcome: 'survivor_reached',
      note: 'spoke 5 min',
    });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), first.json());
    const elsewhere = await attempt(await bed.newCase(), { client_id: clientId });
    assert.deepEqual(errorOf(elsewhere), { status: 400, code: 'VALIDATION_FAILED', field: 'client_id' });
    const list = await bed.send(bed.users.worker, 'GET', `/cases/${caseId}/attempts`);
    assert.equal(list.json().attempts.length, 1);
  });

  it('refuses attempts on a closed case, in the future and before the case began', async () => {
    const closed = await bed.newCase({ status: 'closed' });
    assert.deepEqual(errorOf(await attempt(closed, {})), {
      status: 409,
      code: 'OUTREACH_CASE_CLOSED',
      field: undefined,
    });
    const future = new Date(bed.clock.now().getTime() + hour).toISOString();
    assert.deepEqual(errorOf(await attempt(await bed.newCase(), { attempted_at: future })), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'attempted_at',
    });
    // Before the case's clock started (a day ago): it would pass for one before a decline, and the
    // year 0 is no time the database stores.
    const caseId = await bed.newCase();
    const declined = await attempt(caseId, { outcome: 'declined' });
    assert.equal(declined.statusCode, 201, declined.body);
    for (const past of ['2000-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      assert.deepEqual(errorOf(await attempt(caseId, { attempted_at: past })), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'attempted_at',
      });
    }
  });

  it("takes a time a phone's fast clock puts up to two minutes ahead as the server's now", async () => {
    const now = bed.clock.now();
    const ahead = new Date(now.getTime() + 90_000).toISOString();
    const answer = await attempt(await bed.newCase(), { attempted_at: ahead });
    assert.equal(answer.statusCode, 201, answer.body);
    // Stored at the server's now when the request came (the test clock moves on with each request).
    const stored = Date.parse(answer.json().attempted_at);
    assert.ok(stored >= now.getTime() && stored <= bed.clock.now().getTime(), answer.json().attempted_at);
    const tooFar = new Date(now.getTime() + 3 * 60_000).toISOString();
    assert.equal(errorOf(await attempt(await bed.newCase(), { attempted_at: tooFar })).field, 'attempted_at');
  });

  it('answers 404 to whoever may not read the case, and 401 signed out', async () => {
    const caseId = await bed.newCase();
    const unassigned = await bed.newCase({ assignedTo: null });
    const { users } = bed;
    for (const [who, id] of [
      [users.otherWorker, caseId],
      [users.worker, unassigned],
      [users.otherCoordinator, caseId],
      [users.administrator, caseId],
      [users.analyst, caseId],
      [users.publicSafety, caseId],
      [users.worker, randomUUID()],
    ] as const) {
      assert.equal((await attempt(id, {}, who)).statusCode, 404);
      assert.equal((await bed.send(who, 'GET', `/cases/${id}/attempts`)).statusCode, 404);
    }
    assert.equal((await bed.send(null, 'GET', `/cases/${caseId}/attempts`)).statusCode, 401);
    // The coordinator of the program writes on an unassigned case.
    assert.equal((await attempt(unassigned, {}, users.coordinator)).statusCode, 201);
  });

  it('audits each write and each list read, with its purpose, in the same transaction', async () => {
    const caseId = await bed.newCase();
    const made = await attempt(caseId, {});
    const read = await bed.send(bed.users.worker, 'GET', `/cases/${caseId}/attempts?purpose=operations`);
    assert.equal(read.statusCode, 200);
    const entries = await bed.context.db.query<{
      action: string;
      purpose: string;
      details: { count?: number };
    }>(
      `select action, purpose, details from audit_entries
       where jurisdiction_id = $1 and subject_id = $2 order by seq`,
      [bed.jurisdictionId, caseId],
    );
    assert.deepEqual(
      entries.map((e) => [e.action, e.purpose]),
      [
        ['outreach_attempt.create', 'treatment'],
        ['outreach_attempt.list', 'operations'],
      ],
    );
    assert.equal(entries[1]?.details.count, 1);
    assert.equal(made.json().attempted_by.display_name, 'Worker');
  });

  it("opens another program's case to an emergency read only through a broken glass, audited as such", async () => {
    const caseId = await bed.newCase();
    const other = bed.users.otherCoordinator;
    const url = `/cases/${caseId}/attempts?purpose=emergency`;
    assert.equal((await bed.send(other, 'GET', url)).statusCode, 404);
    const reader = {
      kind: 'user' as const,
      userId: other.userId,
      jurisdictionId: bed.jurisdictionId,
      role: 'outreach_coordinator' as const,
      organizationId: null,
      programIds: [],
    };
    const resource = caseResource({
      id: caseId,
      jurisdictionId: bed.jurisdictionId,
      programId: bed.programId,
      assignedTo: bed.users.worker.userId,
    });
    await breakTheGlass(
      bed.context,
      reader,
      'outreach.read',
      { ...resource, id: caseId },
      'The survivor turned up at our drop-in centre',
    );
    assert.equal((await bed.send(other, 'GET', url)).statusCode, 200);
    const [entry] = await bed.context.db.query<{ purpose: string; actor_id: string }>(
      `select purpose, actor_id from audit_entries
       where jurisdiction_id = $1 and subject_id = $2 and action = 'outreach_attempt.list'`,
      [bed.jurisdictionId, caseId],
    );
    assert.deepEqual(entry, { purpose: 'emergency', actor_id: other.userId });
    // The glass opens reading only: writing stays closed to her.
    assert.equal((await attempt(caseId, {}, other)).statusCode, 404);
  });
});
