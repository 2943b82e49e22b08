import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import { OUTCOMES_HAND_COUNTS as HAND, seedOutcomesProgram } from '../../test/support/outcomes-seed.js';
import {
  createUser,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Actor, Role } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import type { CoerciveActCounts, OutreachDependencies } from './outreach-dependencies.js';
import { countProgramOutcomes, readProgramOutcomes } from './program-outcomes-service.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');
const FEBRUARY = { from: '2026-02-01', to: '2026-02-28' };
const FEBRUARY_QUERY = '?from=2026-02-01&to=2026-02-28';
/** The first week of the seeded cases: few enough that small counts appear. */
const FIRST_WEEK_QUERY = '?from=2026-02-01&to=2026-02-08';

/** Runs `sos suppression check` on a file; resolves with its exit code and output. */
async function suppressionCheck(file: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'suppression', 'check', file]);
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { stdout: string; code: number };
    return { code: e.code, stdout: e.stdout };
  }
}

/** A shown count, as the API answers it. */
const shown = (value: number) => ({ value, suppressed: false });

describeEachEngine('program outcomes over the API', (engine) => {
  // Every window (72 h, 30 and 90 days) of the February cases is over by mid-June.
  const time = new ManualTime(new Date('2026-06-15T12:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let deps: OutreachDependencies;
  let jurisdictionId: string;
  let program: string;
  const users = new Map<string, { id: string; cookie: string; role: Role }>();
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-outcomes-'));

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    const { db } = context;
    deps = { db, clock: context.clock, keyring: context.keyring };
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    const roles: [string, Role][] = [
      ['analyst', 'analyst'],
      ['coordinator', 'outreach_coordinator'],
      ['oversight', 'outreach_oversight'],
      ['other coordinator', 'outreach_coordinator'],
      ['worker', 'outreach_worker'],
      ['administrator', 'administrator'],
      ['public safety', 'public_safety_analyst'],
    ];
    for (const [name, role] of roles) {
      users.set(name, { ...(await createUser(context, jurisdictionId, role, app)), role });
    }
    const id = (name: string) => users.get(name)?.id as string;
    program = await seedOutcomesProgram(db, jurisdictionId, [
      id('coordinator'),
      id('worker'),
      id('oversight'),
    ]);
    await insertMember(db, jurisdictionId, await insertProgram(db, jurisdictionId), id('other coordinator'));
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const actor = (name: string): Actor => {
    const user = users.get(name);
    if (!user) throw new Error(`no user ${name}`);
    return { kind: 'user', userId: user.id, jurisdictionId, role: user.role, organizationId: null };
  };
  const get = (who: string | null, suffix = '', query = FEBRUARY_QUERY, programId = program) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/outreach/programs/${programId}/outcomes${suffix}${query}`,
      headers: who ? { cookie: users.get(who)?.cookie ?? '' } : {},
    });

  it('counts the seeded program exactly as worked out by hand', async () => {
    const { counts } = await countProgramOutcomes(deps, actor('analyst'), program, FEBRUARY);
    assert.deepEqual(
      [
        counts.eligibleOverdoses,
        counts.cases,
        counts.attempted,
        counts.peopleAttempted,
        counts.reached,
        counts.engaged,
        counts.engagedDirectly,
        counts.engagedThroughNetwork,
        counts.refused,
      ],
      [
        HAND.eligibleOverdoses,
        HAND.cases,
        HAND.attempted,
        HAND.peopleAttempted,
        HAND.reached,
        HAND.engaged,
        HAND.engagedDirectly,
        HAND.engagedThroughNetwork,
        HAND.refused,
      ],
    );
    assert.equal(
      counts.servicesDelivered.find((s) => s.service === 'naloxone')?.cases,
      HAND.naloxoneDelivered,
    );
    assert.deepEqual(
      counts.referrals.filter((r) => r.made > 0),
      [{ need: 'moud', ...HAND.moudReferrals }],
    );
  });

  it('answers the coordinator, the oversight and analysts with the hand counts, nothing suppressed', async () => {
    for (const who of ['coordinator', 'oversight', 'analyst']) {
      const answer = await get(who);
      assert.equal(answer.statusCode, 200, answer.body);
      const body = answer.json();
      assert.deepEqual(
        [body.program_id, body.from, body.to, body.k],
        [program, '2026-02-01', '2026-02-28', 10],
      );
      assert.deepEqual(
        [
          body.eligible_overdoses,
          body.cases,
          body.attempted,
          body.people_attempted,
          body.reached,
          body.refused,
        ],
        [
          HAND.eligibleOverdoses,
          HAND.cases,
          HAND.attempted,
          HAND.peopleAttempted,
          HAND.reached,
          HAND.refused,
        ].map(shown),
      );
      assert.deepEqual(body.engaged, {
        total: shown(HAND.engaged),
        directly: shown(HAND.engagedDirectly),
        through_network: shown(HAND.engagedThroughNetwork),
      });
      const hours = (h: { median: number; p90: number; within72h: number; of: number }, n: number) => ({
        median: h.median,
        p90: h.p90,
        n: shown(n),
        within_72h: { count: shown(h.within72h), of: shown(h.of) },
      });
      assert.deepEqual(body.hours_to_first_attempt, hours(HAND.hoursToFirstAttempt, HAND.attempted));
      assert.deepEqual(body.hours_to_first_contact, hours(HAND.hoursToFirstContact, HAND.reached));
      const pair = ([repeats, of]: readonly [number, number]) => ({ repeats: shown(repeats), of: shown(of) });
      assert.deepEqual(body.repeat_overdose, [
        { days: 30, engaged: pair(HAND.repeat30.engaged), not_engaged: pair(HAND.repeat30.notEngaged) },
        { days: 90, engaged: pair(HAND.repeat90.engaged), not_engaged: pair(HAND.repeat90.notEngaged) },
      ]);
      assert.deepEqual(
        body.services_delivered.find((s: { service: string }) => s.service === 'naloxone').cases,
        shown(HAND.naloxoneDelivered),
      );
      assert.deepEqual(
        body.referrals.find((r: { need: string }) => r.need === 'moud'),
        {
          need: 'moud',
          made: shown(HAND.moudReferrals.made),
          attended: shown(HAND.moudReferrals.attended),
        },
      );
      const rows = (dimension: string, expected: Record<string, readonly number[]>) => {
        for (const [group, [cases, reached, engaged, refused]] of Object.entries(expected)) {
          const row = body.breakdowns[dimension].find((g: { group: string }) => g.group === group);
          assert.deepEqual(
            row,
            {
              group,
              cases: shown(cases as number),
              reached: shown(reached as number),
              engaged: shown(engaged as number),
              refused: shown(refused as number),
            },
            `${dimension} ${group}`,
          );
        }
      };
      rows('race', HAND.race);
      rows('sex', HAND.sex);
      rows('age_group', HAND.ageGroup);
      rows('team_composition', HAND.teamComposition);
      rows('pathway', HAND.pathway);
      // The app wires the register (src/main): the seeded program has no coercive acts.
      const none = { value: 0, suppressed: false };
      assert.deepEqual(body.coercive_acts, {
        warrant_check: none,
        arrest: none,
        involuntary_commitment_petition: none,
      });
      assert.equal(body.suppressed_cells, 0);
      assert.ok(!/g1-|g2-|match|person|note/.test(answer.body), 'nothing but counts');
    }
  });

  it('counts coercive acts through the injected port, for the program and period asked, suppressed like any count', async () => {
    const asked: unknown[][] = [];
    const standIn: CoerciveActCounts = async (...args) => {
      asked.push(args);
      return { warrant_check: 0, arrest: 3, involuntary_commitment_petition: 14 };
    };
    const outcomes = await readProgramOutcomes(
      { ...deps, coerciveActCounts: standIn },
      actor('coordinator'),
      program,
      FEBRUARY,
    );
    // February in New York: from 1 February 05:00 UTC to 1 March 05:00 UTC.
    assert.deepEqual(asked, [
      [jurisdictionId, program, new Date('2026-02-01T05:00:00Z'), new Date('2026-03-01T05:00:00Z')],
    ]);
    assert.deepEqual(outcomes.coerciveActs, {
      warrantCheck: shown(0),
      arrest: { value: null, suppressed: true },
      involuntaryCommitmentPetition: shown(14),
    });
  });

  it('exports a funder CSV that suppresses small counts and passes sos suppression check, and fails it with a small count planted', async () => {
    const { counts } = await countProgramOutcomes(deps, actor('analyst'), program, {
      from: '2026-02-01',
      to: '2026-02-08',
    });
    // The first week holds G1's 20 cases and a few of G2's: attempted but not reached is small.
    const notReached = counts.attempted - counts.reached;
    assert.ok(notReached >= 1 && notReached <= 9, `attempted ${counts.attempted}, reached ${counts.reached}`);
    const answer = await get('coordinator', '.csv', FIRST_WEEK_QUERY);
    assert.equal(answer.statusCode, 200, answer.body);
    assert.match(String(answer.headers['content-type']), /^text\/csv/);
    assert.match(
      String(answer.headers['content-disposition']),
      /attachment; filename="sos-outcomes-.*\.csv"/,
    );
    const csv = answer.body;
    assert.ok(csv.startsWith('table,row,column,value,unit\r\n'));
    assert.match(csv, /^funnel,all,attempted_not_reached,<10,count\r$/m);
    assert.ok(!/g1-|g2-/.test(csv), 'no person key');
    const exported = path.join(folder, `outcomes-${engine}.csv`);
    writeFileSync(exported, csv);
    const passed = await suppressionCheck(exported);
    assert.equal(passed.code, 0, passed.stdout);
    assert.match(passed.stdout, /passed: no hidden figure narrowed \(k = 10\)/);

    const planted = path.join(folder, `planted-${engine}.csv`);
    writeFileSync(
      planted,
      csv.replace(
        'funnel,all,attempted_not_reached,<10,count',
        `funnel,all,attempted_not_reached,${notReached},count`,
      ),
    );
    const failed = await suppressionCheck(planted);
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stdout, /funnel: .*FAILS/);
    assert.match(failed.stdout, new RegExp(`\\[all, attempted_not_reached\\] shows ${notReached}`));
  });

  it('prints a one-page PDF for funders with the figures and no identifier', async () => {
    const answer = await get('coordinator', '.pdf');
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers['content-type'], 'application/pdf');
    const file = path.join(folder, `outcomes-${engine}.pdf`);
    writeFileSync(file, answer.rawPayload);
    const info = (await run('pdfinfo', [file])).stdout;
    assert.match(info, /^Pages:\s+1$/m);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    assert.match(text, /Outcomes Program: program outcomes/);
    assert.match(text, /Eligible overdoses\s+60/);
    assert.match(text, /People attempted\s+42/);
    assert.match(text, /through their network\s+10/);
    assert.ok(!/g1-|g2-/.test(text));
  });

  it("cuts the period in the jurisdiction's days (New York), not UTC's", async () => {
    const evening = await insertProgram(context.db, jurisdictionId);
    // 31 January, 21:00 to 21:09 in New York: already 1 February in UTC.
    for (let i = 0; i < 10; i++) {
      await insertCase(context.db, jurisdictionId, evening, {
        clockStartedAt: new Date(Date.parse('2026-02-01T02:00:00Z') + i * 60_000),
      });
    }
    const day = async (d: string) => (await get('analyst', '', `?from=${d}&to=${d}`, evening)).json().cases;
    assert.deepEqual(await day('2026-01-31'), shown(10));
    assert.deepEqual(await day('2026-02-01'), shown(0));
  });

  it('hides the program from other roles: 404 for another coordinator and public safety, 403 for workers and administrators, 401 signed out; refuses days to come', async () => {
    for (const suffix of ['', '.csv', '.pdf']) {
      const status = async (who: string | null) => (await get(who, suffix)).statusCode;
      assert.equal(await status('other coordinator'), 404);
      assert.equal(await status('public safety'), 404);
      assert.equal(await status('worker'), 403);
      assert.equal(await status('administrator'), 403);
      assert.equal(await status(null), 401);
    }
    assert.equal((await get('analyst', '', '', randomUUID())).statusCode, 404);
    const reversed = await get('analyst', '', '?from=2026-03-01&to=2026-02-01');
    assert.deepEqual([reversed.statusCode, reversed.json().error.code], [400, 'VALIDATION_FAILED']);
    for (const to of ['2026-06-16', '9999-12-31']) {
      const ahead = await get('analyst', '', `?to=${to}`);
      assert.equal(ahead.statusCode, 400, ahead.body);
      assert.equal(ahead.json().error.details.field, 'to');
    }
  });
});
