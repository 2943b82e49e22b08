import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import {
  DECEDENT,
  type FatalityWorld,
  OUTREACH_FREE_TEXT,
  seedFatalityWorld,
} from '../support/fatality-review-seed.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

/**
 * Who reads a fatality review's case: every operation of the module is called as every role (the
 * review's chair and a signed member; a member who has not signed; an analyst who is not a member; a
 * coordinator of another jurisdiction; a public safety analyst forced into the members table with an
 * agreement; a harm reduction partner; a submitter; an administrator; an API key; the public). Only the
 * two signed members read the case and findings, and the decedent's name, birth date and phone appear in
 * no other answer, nor in any audit entry's details.
 */

interface Walker {
  name: string;
  id: string | null;
  headers(): Record<string, string>;
}
interface Answer {
  walker: string;
  operation: string;
  status: number;
  text: string;
}

/** The operations a review's case opens: only its signed members may call them. */
const CASE_OPERATIONS = [
  'GET /api/v1/fatality-reviews/{reviewId}/case',
  'GET /api/v1/fatality-reviews/{reviewId}/findings',
  'POST /api/v1/fatality-reviews/{reviewId}/missed-opportunities',
  'POST /api/v1/fatality-reviews/{reviewId}/recommendations',
  'PATCH /api/v1/fatality-reviews/{reviewId}/recommendations/{recommendationId}',
];
const SIGNED = ['chair', 'member'];
const REFUSED = [
  'unsigned_member',
  'other_analyst',
  'foreign_coordinator',
  'public_safety',
  'harm_reduction',
  'submitter',
  'administrator',
  'api_key',
  'public',
];
/** Roles granted no review action: the review routes do not exist for them, as outreach's do not. */
const HIDDEN = ['public_safety', 'harm_reduction', 'submitter', 'administrator', 'api_key'];
const identifiers = [DECEDENT.first_name, DECEDENT.last_name, DECEDENT.birth_date, DECEDENT.phone];
const holdsIdentifier = (text: string) =>
  identifiers.some((v) => text.toLowerCase().includes(v.toLowerCase()));

describeEachEngine('fatality review walk: the case reaches its signed members only', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let world: FatalityWorld;
  let reviewId: string;
  let recommendationId: string;
  const walkers = new Map<string, Walker>();
  const answers: Answer[] = [];
  const year = new Date().getUTCFullYear();

  const call = (walker: Walker, method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { ...walker.headers(), origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const userWalker = async (
    name: string,
    role: Role,
    jurisdictionId: string,
    organizationId: string | null,
  ) => {
    const email = `${name}.ofrq@example.org`;
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: `Walker ${name}`,
      role,
      organizationId,
      password: TEST_PASSWORD,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const walker = { name, id, headers: () => ({ cookie }) };
    walkers.set(name, walker);
    return walker;
  };
  const must = async (response: Awaited<ReturnType<typeof call>>, status: number) => {
    assert.equal(response.statusCode, status, response.body);
    return response.json();
  };

  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    world = await seedFatalityWorld(context);
    const j = world.jurisdiction.id;
    const other = await seedJurisdiction(context.db);
    const chair = await userWalker('chair', 'analyst', j, null);
    const member = await userWalker('member', 'outreach_coordinator', j, null);
    const unsigned = await userWalker('unsigned_member', 'outreach_oversight', j, null);
    await userWalker('other_analyst', 'analyst', j, null);
    await userWalker('foreign_coordinator', 'outreach_coordinator', other.jurisdiction.id, null);
    const publicSafety = await userWalker('public_safety', 'public_safety_analyst', j, null);
    await userWalker('harm_reduction', 'harm_reduction_partner', j, null);
    await userWalker('submitter', 'submitter', j, world.ems.id);
    await userWalker('administrator', 'administrator', j, null);
    const { key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: j,
      organizationId: world.ems.id,
      name: 'ofr walk key',
    });
    walkers.set('api_key', {
      name: 'api_key',
      id: null,
      headers: () => ({ authorization: `Bearer ${key}` }),
    });
    walkers.set('public', { name: 'public', id: null, headers: () => ({}) });

    const opened = await must(
      await call(chair, 'POST', '/api/v1/fatality-reviews', {
        overdose_id: world.fatalOverdoseId,
        meeting_date: `${year}-06-01`,
      }),
      201,
    );
    reviewId = opened.id;
    for (const w of [member, unsigned]) {
      await must(
        await call(chair, 'POST', `/api/v1/fatality-reviews/${reviewId}/members`, { user_id: w.id }),
        200,
      );
    }
    const refusedEnrolment = await call(chair, 'POST', `/api/v1/fatality-reviews/${reviewId}/members`, {
      user_id: publicSafety.id,
    });
    assert.equal(refusedEnrolment.statusCode, 409, refusedEnrolment.body);
    assert.equal(refusedEnrolment.json().error.code, 'FATALITY_REVIEW_MEMBER_NOT_ELIGIBLE');
    assert.match(
      refusedEnrolment.json().error.message,
      /public safety analyst may not be enrolled.*never flows to public safety/,
    );
    const agreement = await must(await call(member, 'GET', '/api/v1/fatality-reviews/agreement'), 200);
    for (const w of [chair, member]) {
      await must(
        await call(w, 'POST', `/api/v1/fatality-reviews/${reviewId}/agreements`, {
          signed_name: `Walker ${w.name}`,
          agreement_version: agreement.version,
          accepted: true,
        }),
        200,
      );
    }
    const recommendation = await must(
      await call(member, 'POST', `/api/v1/fatality-reviews/${reviewId}/recommendations`, {
        text: 'Leave naloxone at every nonfatal overdose',
        responsible_organization: 'County EMS',
      }),
      201,
    );
    recommendationId = recommendation.id;
    // A public safety analyst written into the members table with an agreement, as a bad import might.
    await context.db.query(
      `insert into fatality_review_members (jurisdiction_id, review_id, user_id, enrolled_by, enrolled_at)
       values ($1, $2, $3, $3, now())`,
      [j, reviewId, publicSafety.id],
    );
    await context.db.query(
      `insert into fatality_review_agreements (jurisdiction_id, review_id, user_id, agreement_version, text_hash,
         signed_name, signed_at, recorded_by)
       values ($1, $2, $3, $4, $5, 'Forced', now(), $3)`,
      [j, reviewId, publicSafety.id, agreement.version, agreement.text_hash],
    );

    const document = (await app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/fatality-reviews'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })))
      // Signing is walked last: the member who has not signed would sign, and read the case after it.
      .sort((a, b) => Number(a.path.endsWith('/agreements')) - Number(b.path.endsWith('/agreements')));
    const bodies: Record<string, unknown> = {
      'POST /api/v1/fatality-reviews': { overdose_id: world.fatalOverdoseId },
      'PATCH /api/v1/fatality-reviews/{reviewId}': { meeting_date: `${year}-06-01` },
      'POST /api/v1/fatality-reviews/{reviewId}/members': { user_id: publicSafety.id },
      'POST /api/v1/fatality-reviews/{reviewId}/agreements': {
        signed_name: 'Someone Walking',
        agreement_version: agreement.version,
        accepted: true,
      },
      'POST /api/v1/fatality-reviews/{reviewId}/missed-opportunities': {
        category: 'no_naloxone_left',
        description: 'No kit was left at the earlier overdose',
      },
      'POST /api/v1/fatality-reviews/{reviewId}/recommendations': {
        text: 'Offer MOUD at every visit',
        responsible_organization: 'Harbor QRT',
      },
      'PATCH /api/v1/fatality-reviews/{reviewId}/recommendations/{recommendationId}': { status: 'accepted' },
    };
    for (const walker of walkers.values()) {
      for (const { method, path } of operations) {
        // The PDF is the HTML printed by Chromium: its figures are the HTML's, walked as HTML.
        if (path.endsWith('summary.pdf')) continue;
        const operation = `${method} ${path}`;
        let url = path.replace('{reviewId}', reviewId).replace('{recommendationId}', recommendationId);
        if (path.includes('/summary')) url += `?year=${year}`;
        const response = await call(walker, method, url, bodies[operation]);
        answers.push({
          walker: walker.name,
          operation,
          status: response.statusCode,
          text: `${JSON.stringify(response.headers)}\n${response.body}`,
        });
      }
    }
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('refuses every case operation to every walker but the signed members, who are answered', () => {
    const caseAnswers = answers.filter((a) => CASE_OPERATIONS.includes(a.operation));
    assert.equal(caseAnswers.length, CASE_OPERATIONS.length * (SIGNED.length + REFUSED.length));
    const opened = caseAnswers
      .filter((a) => REFUSED.includes(a.walker) && a.status < 400)
      .map((a) => `${a.walker} ${a.operation}: ${a.status}`);
    assert.deepEqual(opened, []);
    for (const a of caseAnswers.filter((x) => REFUSED.includes(x.walker))) {
      assert.ok([401, 403, 404].includes(a.status), `${a.walker} ${a.operation}: ${a.status}`);
    }
    const served = caseAnswers
      .filter((a) => SIGNED.includes(a.walker) && a.operation.startsWith('GET'))
      .map((a) => `${a.walker} ${a.operation}: ${a.status}`);
    assert.deepEqual(
      served,
      SIGNED.flatMap((w) => CASE_OPERATIONS.filter((o) => o.startsWith('GET')).map((o) => `${w} ${o}: 200`)),
    );
  });

  it('answers 404 to the roles that may neither manage nor read a review, on every route but the summary', () => {
    const hidden = answers.filter((a) => HIDDEN.includes(a.walker) && !a.operation.includes('/summary'));
    assert.ok(hidden.length >= HIDDEN.length * CASE_OPERATIONS.length, `${hidden.length} answers`);
    const shown = hidden
      .filter((a) => a.status !== 404 || !a.text.includes('No route '))
      .map((a) => `${a.walker} ${a.operation}: ${a.status}`);
    assert.deepEqual(shown, []);
  });

  it('finds the identifiers in no answer but the case to its signed members', () => {
    const leaks = answers
      .filter((a) => holdsIdentifier(a.text))
      .filter((a) => !(SIGNED.includes(a.walker) && a.operation === CASE_OPERATIONS[0]))
      .map((a) => `${a.walker} ${a.operation} ${a.status}`);
    assert.deepEqual(leaks, []);
    const summaries = answers.filter((a) => a.operation.includes('/summary') && a.status === 200);
    assert.ok(summaries.length >= 6 * 3, `${summaries.length} summary answers`);
  });

  it('gives a signed member the case: identifiers, sources, the prior overdose, outreach contacts without free text', async () => {
    const member = walkers.get('member') as Walker;
    const response = await call(member, 'GET', `/api/v1/fatality-reviews/${reviewId}/case`);
    assert.equal(response.statusCode, 200, response.body);
    const read = response.json();
    assert.deepEqual(read.decedent, {
      first_name: DECEDENT.first_name,
      last_name: DECEDENT.last_name,
      birth_date: DECEDENT.birth_date,
    });
    assert.ok(!response.body.includes(DECEDENT.phone));
    for (const text of Object.values(OUTREACH_FREE_TEXT)) assert.ok(!response.body.includes(text), text);
    const j = world.jurisdiction.id;
    const sources = await context.db.query<{ source_type: string }>(
      `select distinct source_type from reports where jurisdiction_id = $1 and overdose_id = $2 order by 1`,
      [j, read.death.id],
    );
    assert.equal(read.death.id, world.fatalOverdoseId);
    assert.deepEqual(
      [...new Set(read.death.sources.map((s: { source_type: string }) => s.source_type))].sort(),
      sources.map((s) => s.source_type),
    );
    assert.deepEqual(
      read.prior_overdoses.map((o: { id: string }) => o.id),
      [world.priorOverdoseId],
    );
    const [counts] = await context.db.query<{
      attempts: number;
      visits: number;
      consents: number;
      referrals: number;
    }>(
      `select (select count(*)::int from outreach_contact_attempts where jurisdiction_id = $1 and case_id = $2) as attempts,
         (select count(*)::int from outreach_visits where jurisdiction_id = $1 and case_id = $2) as visits,
         (select count(*)::int from outreach_consents where jurisdiction_id = $1 and case_id = $2) as consents,
         (select count(*)::int from outreach_referrals where jurisdiction_id = $1 and case_id = $2) as referrals`,
      [j, world.caseId],
    );
    assert.equal(read.outreach_cases.length, 1);
    const outreach = read.outreach_cases[0];
    assert.deepEqual(
      {
        attempts: outreach.contact_attempts.length,
        visits: outreach.visits.length,
        consents: outreach.consents.length,
        referrals: outreach.referrals.length,
      },
      counts,
    );
    assert.equal(outreach.referrals[0].service, 'Harbor MOUD Clinic');
    const times = read.timeline.map((e: { at: string }) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(read.timeline[0].kind, 'overdose');
    assert.equal(read.timeline.at(-1).kind, 'fatal_overdose');
    assert.ok(read.timeline.some((e: { kind: string }) => e.kind === 'referral'));
  });

  it('audits every read of the case with the purpose fatality_review, and no audit detail holds an identifier', async () => {
    const j = world.jurisdiction.id;
    const entries = await context.db.query<{
      action: string;
      actor_id: string;
      purpose: string | null;
      details: unknown;
    }>(
      `select action, actor_id, purpose, details from audit_entries where jurisdiction_id = $1 order by seq`,
      [j],
    );
    const caseReads =
      answers.filter((a) => a.operation === CASE_OPERATIONS[0] && a.status === 200).length + 1;
    const reads = entries.filter((e) => e.action === 'fatality_review.read_case');
    assert.equal(reads.length, caseReads);
    assert.ok(reads.every((e) => e.purpose === 'fatality_review'));
    const vault = entries.filter((e) => e.action === 'person.read');
    assert.equal(vault.length, caseReads);
    assert.ok(vault.every((e) => e.purpose === 'fatality_review'));
    assert.deepEqual(
      [...new Set(reads.map((e) => e.actor_id))].sort(),
      [walkers.get('chair')?.id, walkers.get('member')?.id].sort(),
    );
    const leaking = entries.filter((e) => holdsIdentifier(JSON.stringify(e.details)));
    assert.deepEqual(leaking, []);
    for (const action of [
      'fatality_review.open',
      'fatality_review.enrol_member',
      'fatality_review.sign_agreement',
    ]) {
      assert.ok(
        entries.some((e) => e.action === action),
        action,
      );
    }
  });
});
