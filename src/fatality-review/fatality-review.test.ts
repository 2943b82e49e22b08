import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_PASSWORD } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { type Actor, cliActor, type Role } from '../access/roles.js';
import { TOTAL } from '../disclosure/published-table.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import {
  type AnnualSummary,
  breakdownTable,
  MISSED,
  SUBSTANCES,
  summaryFigure,
  summaryFiguresFile,
} from './annual-summary.js';
import { annualSummaryHtml } from './annual-summary-html.js';
import { readAnnualSummary } from './annual-summary-service.js';
import { confidentialityAgreement } from './confidentiality-agreement.js';
import { changeReview, enrolMember, openReview, signAgreement } from './fatality-review-service.js';
import {
  moveRecommendationStatus,
  readFindings,
  recordMissedOpportunity,
  recordRecommendation,
} from './review-findings-service.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

describeEachEngine('fatality reviews: findings and the annual summary', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdictionId: string;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let analyst: Actor;
  let overdoseIds: string[];
  let summary: AnnualSummary;
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-ofr-'));
  const YEAR = 2025;

  const actorOf = async (role: Role): Promise<Actor> => {
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId,
      email: `${role}.${Math.random().toString(36).slice(2)}@example.org`,
      displayName: `The ${role}`,
      role,
      organizationId: null,
      password: TEST_PASSWORD,
    });
    return { kind: 'user', userId: id, jurisdictionId, role, organizationId: null };
  };

  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    // 27 fatal overdoses: 17 men and 7 women (then 3 more, reviewed outside the year or never met);
    // all with fentanyl, 6 with xylazine too.
    const reports = Array.from({ length: 27 }, (_, i) => ({
      source_record_id: `ofr-summary-${i}`,
      occurred_at: new Date(Date.UTC(YEAR, 0, 2 + i, 15)).toISOString(),
      latitude: 41.7,
      longitude: -72.6 - i * 0.05,
      fatal: true,
      age: 20 + i,
      sex: i < 17 ? 'male' : 'female',
      race: i % 2 === 0 ? 'white' : 'black',
      ethnicity: 'not_hispanic',
      substances: i % 4 === 0 ? ['fentanyl', 'xylazine'] : ['fentanyl'],
    }));
    const results = await ingestReports(context.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: reports.map((fields) => ({ raw: fields, fields })),
    });
    overdoseIds = results.map((r) => r.overdoseId as string);
    assert.equal(new Set(overdoseIds).size, 27);
    analyst = await actorOf('analyst');
    const categories = [
      ...Array(12).fill('no_naloxone_left'),
      ...Array(11).fill('no_referral_after_prior_overdose'),
      ...Array(3).fill('jail_release_without_moud'),
    ];
    for (const [i, overdoseId] of overdoseIds.entries()) {
      const meetingDate =
        i < 24
          ? `${YEAR}-${String(1 + (i % 12)).padStart(2, '0')}-15`
          : i === 24
            ? `${YEAR + 1}-01-10`
            : null;
      const review = await openReview(context, analyst, { overdoseId, meetingDate });
      await signAgreement(context, analyst, review.id, {
        userId: null,
        signedName: 'The analyst',
        agreementVersion: confidentialityAgreement.version,
      });
      if (i >= 24) continue;
      await recordMissedOpportunity(context, analyst, review.id, {
        category: categories[i],
        description: `Words of review ${i} that never leave the review`,
      });
      if (i < 2) {
        await recordMissedOpportunity(context, analyst, review.id, {
          category: categories[23 + i],
          description: 'A second finding',
        });
      }
      await recordRecommendation(context, analyst, review.id, {
        text: `Recommendation words ${i}`,
        responsibleOrganization: 'County EMS',
        status: i < 12 ? 'proposed' : 'implemented',
        dueDate: null,
      });
    }
    summary = await readAnnualSummary(context, await actorOf('public_safety_analyst'), YEAR);
  });
  after(async () => {
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('counts the reviews held in the year and each shown figure as the rows say', async () => {
    const [held] = await context.db.query<{ count: number }>(
      `select count(*)::int as count from fatality_reviews where jurisdiction_id = $1
         and extract(year from meeting_date) = $2`,
      [jurisdictionId, YEAR],
    );
    assert.equal(summaryFigure(summary, 'reviews', 'all', 'reviews_held'), held?.count);
    assert.equal(held?.count, 24);
    const bySql = await context.db.query<{ category: string; count: number }>(
      `select m.category, count(*)::int as count from fatality_review_missed_opportunities m
       join fatality_reviews r on r.jurisdiction_id = m.jurisdiction_id and r.id = m.review_id
       where m.jurisdiction_id = $1 and extract(year from r.meeting_date) = $2 group by m.category`,
      [jurisdictionId, YEAR],
    );
    for (const row of bySql) {
      const shown = summaryFigure(summary, MISSED, row.category, 'missed_opportunities');
      assert.ok(shown === null || shown === row.count, `${row.category}: ${shown} vs ${row.count}`);
    }
    assert.equal(
      summaryFigure(summary, MISSED, TOTAL, 'missed_opportunities'),
      bySql.reduce((sum, r) => sum + r.count, 0),
    );
  });

  it('hides a small category with its complement: 7 women and so the men; 3 or 5 jail releases and another', () => {
    const sex = breakdownTable('sex');
    assert.equal(summaryFigure(summary, sex, 'female', 'decedents'), null);
    assert.equal(summaryFigure(summary, sex, 'male', 'decedents'), null, 'the complement of the women');
    assert.equal(summaryFigure(summary, sex, TOTAL, 'decedents'), 24);
    assert.equal(summaryFigure(summary, MISSED, 'jail_release_without_moud', 'missed_opportunities'), null);
    const hiddenMissed = summary.tables
      .find((t) => t.name === MISSED)
      ?.cells.filter((row) => row[0] === null).length;
    assert.ok((hiddenMissed ?? 0) >= 2, `${hiddenMissed} hidden categories`);
    assert.equal(summaryFigure(summary, SUBSTANCES, 'xylazine', 'decedents_with'), null);
    assert.equal(summaryFigure(summary, SUBSTANCES, 'xylazine', 'decedents_without'), null);
    assert.equal(summaryFigure(summary, SUBSTANCES, 'fentanyl', 'decedents_with'), 24);
    assert.equal(summaryFigure(summary, 'recommendations_by_status', 'proposed', 'recommendations'), 12);
  });

  it("passes the real `sos suppression check` on its figures.json, and prints no date finer than the year nor a finding's words", async () => {
    const file = path.join(folder, 'figures.json');
    writeFileSync(file, JSON.stringify(summaryFiguresFile(summary)));
    const { stdout } = await run(process.execPath, [CLI, 'suppression', 'check', file]);
    assert.match(stdout, /passed/);
    const html = annualSummaryHtml(summary, 'Test County');
    for (const text of [html, JSON.stringify(summary)]) {
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/);
      assert.doesNotMatch(text, /Words of review|Recommendation words/);
    }
    assert.match(html, /&lt;10/);
  });

  it('publishes no breakdown of decedents in a year with fewer than k reviews: its rows would name them', async () => {
    const few = await readAnnualSummary(context, analyst, YEAR + 1);
    assert.equal(summaryFigure(few, 'reviews', 'all', 'reviews_held'), null);
    assert.deepEqual(
      few.tables.map((t) => t.name).filter((name) => name.startsWith('decedents')),
      [],
    );
  });

  it('refuses a second review of an overdose, a nonfatal one, an outdated agreement, and keeps a recommendation history', async () => {
    await assert.rejects(
      openReview(context, analyst, { overdoseId: overdoseIds[0] as string, meetingDate: null }),
      { code: 'FATALITY_REVIEW_EXISTS' },
    );
    const nonfatal = await ingestReports(context.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: [
        {
          raw: {},
          fields: {
            source_record_id: 'ofr-alive',
            occurred_at: '2025-05-01T10:00:00Z',
            latitude: 41.2,
            longitude: -73.5,
            fatal: false,
          },
        },
      ],
    });
    await assert.rejects(
      openReview(context, analyst, { overdoseId: nonfatal[0]?.overdoseId as string, meetingDate: null }),
      { code: 'FATALITY_REVIEW_NOT_FATAL' },
    );
    const coordinator = await actorOf('outreach_coordinator');
    const review = await changeReview(context, analyst, (await openReviewOf(26)).id, { status: 'in_review' });
    assert.equal(review.review.status, 'in_review');
    await enrolMember(
      context,
      analyst,
      review.review.id,
      coordinator.kind === 'user' ? coordinator.userId : '',
    );
    await assert.rejects(
      signAgreement(context, coordinator, review.review.id, {
        userId: null,
        signedName: 'Coord',
        agreementVersion: '2020-0',
      }),
      { code: 'FATALITY_REVIEW_AGREEMENT_OUTDATED' },
    );
    await assert.rejects(readFindings(context, coordinator, review.review.id), { code: 'FORBIDDEN' });
    await signAgreement(context, coordinator, review.review.id, {
      userId: null,
      signedName: 'Coord',
      agreementVersion: confidentialityAgreement.version,
    });
    const made = await recordRecommendation(context, coordinator, review.review.id, {
      text: 'Naloxone in every discharge kit',
      responsibleOrganization: 'County hospital',
      status: 'proposed',
      dueDate: '2026-06-30',
    });
    await moveRecommendationStatus(context, coordinator, review.review.id, made.id, { status: 'accepted' });
    const moved = await moveRecommendationStatus(context, analyst, review.review.id, made.id, {
      status: 'implemented',
    });
    assert.deepEqual(
      moved.history.map((h) => h.status),
      ['proposed', 'accepted', 'implemented'],
    );
    await assert.rejects(
      moveRecommendationStatus(context, analyst, review.review.id, made.id, { status: 'implemented' }),
      { code: 'VALIDATION_FAILED' },
    );
  });

  /** The review of the i-th seeded overdose. */
  async function openReviewOf(i: number): Promise<{ id: string }> {
    const [row] = await context.db.query<{ id: string }>(
      'select id from fatality_reviews where jurisdiction_id = $1 and overdose_id = $2',
      [jurisdictionId, overdoseIds[i]],
    );
    return row as { id: string };
  }
});
