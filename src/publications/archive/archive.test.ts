import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Role } from '../../access/roles.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { newId } from '../../platform/ids.js';
import { insertDeliveries } from '../schedules/delivery-repository.js';
import type { ReportMaker } from '../schedules/report-maker.js';
import type { Audience } from '../weekly/weekly-report.js';
import { readableAudiences } from './archive-access.js';
import { insertArchivedReport } from './archive-repository.js';
import type { ArchivedFile } from './archived-report.js';

/** An archived report of a week and audience, made `minutesAgo` before a fixed time. */
function archived(
  jurisdictionId: string,
  audience: Audience,
  week: string,
  minutesAgo: number,
): ArchivedFile {
  const bytes = new Uint8Array(Buffer.from(`%PDF-1.4 ${audience} ${week}\n%%EOF\n`));
  const madeAt = new Date(Date.parse('2024-03-11T12:00:00Z') - minutesAgo * 60_000);
  return {
    jurisdictionId,
    id: newId(madeAt.getTime()),
    audience,
    week,
    format: 'pdf',
    contentType: 'application/pdf',
    fileName: `county-${week}-${audience}.pdf`,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
    madeAt,
    madeBy: null,
    scheduleId: null,
  };
}

/** A stand-in for the weekly report: a small PDF-like file naming its audience and week. */
const fakeMaker: ReportMaker = async ({ week, audience, format }) => ({
  bytes: new Uint8Array(Buffer.from(`%PDF-1.4\n% ${audience} ${week.label}\n%%EOF\n`)),
  contentType: format === 'pdf' ? 'application/pdf' : 'text/html',
  fileName: `county-${week.label}-${audience}.${format}`,
});

/** A clock stopped at one instant. */
const fixedClock = (at: Date) => ({ now: () => new Date(at) });

describe('who reads which archived reports', () => {
  const user = (role: Role, jurisdictionId = 'j1') =>
    ({ kind: 'user', userId: 'u', jurisdictionId, role, organizationId: null }) as const;
  it("follows the tier of the audience, in the reader's own jurisdiction only", () => {
    assert.deepEqual(readableAudiences(user('analyst'), 'j1'), ['internal', 'partner', 'public']);
    assert.deepEqual(readableAudiences(user('harm_reduction_partner'), 'j1'), ['partner', 'public']);
    assert.deepEqual(readableAudiences(user('public_safety_analyst'), 'j1'), ['partner', 'public']);
    assert.deepEqual(readableAudiences(user('administrator'), 'j1'), ['public']);
    assert.deepEqual(readableAudiences(user('outreach_worker'), 'j1'), ['public']);
    assert.deepEqual(readableAudiences(user('analyst', 'j2'), 'j1'), ['public']);
    assert.deepEqual(readableAudiences({ kind: 'public' }, 'j1'), ['public']);
    assert.deepEqual(readableAudiences({ kind: 'system', label: 'cli' }, 'j1'), [
      'internal',
      'partner',
      'public',
    ]);
  });
});

describeEachEngine('report archive API', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let shortName: string;
  let cookies: Map<Role, string>;
  let otherAnalyst: string;
  const reports: Record<string, ArchivedFile> = {};

  before(async () => {
    context = await openTestContext(engine, {
      clock: fixedClock(new Date('2024-03-11T12:00:00Z')),
      reportMaker: fakeMaker,
    });
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    jurisdictionId = jurisdiction.id;
    shortName = jurisdiction.shortName;
    const other = await seedJurisdiction(context.db);
    // Newest first: W10 public, W10 partner, W10 internal, W09 public, W09 partner, W09 internal.
    let minutesAgo = 0;
    for (const week of ['2024-W10', '2024-W09']) {
      for (const audience of ['public', 'partner', 'internal'] as const) {
        const report = archived(jurisdictionId, audience, week, minutesAgo++);
        reports[`${audience} ${week}`] = report;
        await insertArchivedReport(context.db, report);
      }
    }
    await insertArchivedReport(context.db, archived(other.jurisdiction.id, 'public', '2024-W10', 0));
    const emailed = reports['internal 2024-W10'] as ArchivedFile;
    await insertDeliveries(context.db, [
      {
        jurisdictionId,
        id: newId(),
        archiveId: emailed.id,
        scheduleId: null,
        recipient: 'epi@county.example.org',
        status: 'sent',
        attempts: 1,
        lastError: null,
        lastAttemptAt: emailed.madeAt,
        sentAt: emailed.madeAt,
      },
    ]);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdictionId, [
      'analyst',
      'harm_reduction_partner',
      'administrator',
    ]);
    otherAnalyst = (await signInRoles(app, context, other.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const list = (query: string, role?: Role | 'other') =>
    app.inject({
      url: `/api/v1/publications/archive${query}`,
      headers:
        role === undefined ? {} : { cookie: role === 'other' ? otherAnalyst : (cookies.get(role) as string) },
    });
  const weeks = (body: { reports: { audience: string; week: string }[] }) =>
    body.reports.map((r) => `${r.audience} ${r.week}`);

  it('lists for an analyst every audience, newest first, page by page, without the files', async () => {
    const first = await list('?limit=4', 'analyst');
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json();
    assert.deepEqual(weeks(page), [
      'public 2024-W10',
      'partner 2024-W10',
      'internal 2024-W10',
      'public 2024-W09',
    ]);
    assert.doesNotMatch(first.body, /PDF-1\.4/);
    assert.deepEqual(Object.keys(page.reports[0]).sort(), [
      'audience',
      'content_type',
      'deliveries',
      'download_url',
      'file_name',
      'format',
      'id',
      'made_at',
      'schedule_id',
      'schedule_name',
      'scheduled',
      'sha256',
      'size',
      'week',
    ]);
    const second = (await list(`?limit=4&cursor=${page.next_cursor}`, 'analyst')).json();
    assert.deepEqual(weeks(second), ['partner 2024-W09', 'internal 2024-W09']);
    assert.equal(second.next_cursor, null);
  });

  it('lists for a partner the partner and public reports, and refuses the internal ones', async () => {
    assert.deepEqual(weeks((await list('', 'harm_reduction_partner')).json()), [
      'public 2024-W10',
      'partner 2024-W10',
      'public 2024-W09',
      'partner 2024-W09',
    ]);
    const refused = await list('?audience=internal', 'harm_reduction_partner');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'FORBIDDEN');
    const internal = reports['internal 2024-W10'] as ArchivedFile;
    const download = await app.inject({
      url: `/api/v1/publications/archive/${internal.id}`,
      headers: { cookie: cookies.get('harm_reduction_partner') as string },
    });
    assert.equal(download.statusCode, 403);
  });

  it('lists for the public, signed out, the public reports of the jurisdiction it names', async () => {
    assert.deepEqual(weeks((await list(`?jurisdiction=${shortName}`)).json()), [
      'public 2024-W10',
      'public 2024-W09',
    ]);
    assert.deepEqual(weeks((await list(`?jurisdiction=${jurisdictionId}&audience=public`)).json()), [
      'public 2024-W10',
      'public 2024-W09',
    ]);
    const partner = await list(`?jurisdiction=${shortName}&audience=partner`);
    assert.equal(partner.statusCode, 401);
    assert.equal(partner.json().error.code, 'UNAUTHENTICATED');
    const unnamed = await list('');
    assert.equal(unnamed.statusCode, 400);
    assert.deepEqual(unnamed.json().error.details, { field: 'jurisdiction' });
    assert.equal((await list('?jurisdiction=nowhere')).json().error.code, 'UNKNOWN_JURISDICTION');
    // An analyst of another jurisdiction is the public here; an administrator reads public reports.
    assert.deepEqual(weeks((await list(`?jurisdiction=${shortName}`, 'other')).json()), [
      'public 2024-W10',
      'public 2024-W09',
    ]);
  });

  it('lists for an administrator every entry with its emails, but opens only the public reports', async () => {
    const answer = await list('', 'administrator');
    assert.equal(answer.statusCode, 200, answer.body);
    const page = answer.json();
    assert.deepEqual(weeks(page), [
      'public 2024-W10',
      'partner 2024-W10',
      'internal 2024-W10',
      'public 2024-W09',
      'partner 2024-W09',
      'internal 2024-W09',
    ]);
    const byName = new Map(
      page.reports.map((r: { audience: string; week: string }) => [`${r.audience} ${r.week}`, r]),
    );
    const internal = byName.get('internal 2024-W10') as { download_url: unknown; deliveries: unknown };
    assert.equal(internal.download_url, null);
    assert.deepEqual(internal.deliveries, [
      {
        recipient: 'epi@county.example.org',
        status: 'sent',
        attempts: 1,
        sent_at: '2024-03-11T11:58:00.000Z',
      },
    ]);
    assert.match(
      String((byName.get('public 2024-W10') as { download_url: unknown }).download_url),
      /^\/api\/v1\/publications\/archive\//,
    );
    assert.equal((await list('?audience=internal', 'administrator')).statusCode, 200);
    for (const name of ['internal 2024-W10', 'partner 2024-W10']) {
      const download = await app.inject({
        url: `/api/v1/publications/archive/${(reports[name] as ArchivedFile).id}`,
        headers: { cookie: cookies.get('administrator') as string },
      });
      assert.equal(download.statusCode, 403, name);
    }
    const open = await app.inject({
      url: `/api/v1/publications/archive/${(reports['public 2024-W10'] as ArchivedFile).id}`,
      headers: { cookie: cookies.get('administrator') as string },
    });
    assert.equal(open.statusCode, 200);
    // A partner lists no deliveries: who received a report is the managers' business.
    const partner = (await list('', 'harm_reduction_partner')).json();
    assert.ok(partner.reports.every((r: object) => !('deliveries' in r)));
  });

  it('makes the report of a chosen complete week by hand, for the audiences the role may make', async () => {
    const make = (role: Role, body: object) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/publications/weekly',
        headers: { cookie: cookies.get(role) as string, origin: OWN_ORIGIN },
        payload: body,
      });
    const choices = await app.inject({
      url: '/api/v1/publications/weekly/choices',
      headers: { cookie: cookies.get('administrator') as string },
    });
    assert.equal(choices.statusCode, 200, choices.body);
    // 2024-03-11 is a Monday: the last complete MMWR week is 2024-W10 (March 3 to 9); no data, so it
    // is also the default.
    assert.deepEqual(choices.json(), {
      default_week: '2024-W10',
      last_complete_week: '2024-W10',
      audiences: ['public'],
      formats: ['pdf', 'html'],
    });
    const made = await make('analyst', { week: '2024-W02', audience: 'internal', format: 'pdf' });
    assert.equal(made.statusCode, 201, made.body);
    const report = made.json();
    assert.equal(report.week, '2024-W02');
    assert.equal(report.scheduled, false);
    const file = await app.inject({
      url: report.download_url,
      headers: { cookie: cookies.get('analyst') as string },
    });
    assert.match(file.body, /^%PDF-1\.4\n% internal 2024-W02/);
    const entries = await context.db.query<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_entries where jurisdiction_id = $1 and subject_id = $2 order by seq`,
      [jurisdictionId, report.id],
    );
    assert.deepEqual(
      entries.map((e) => e.action),
      ['report_archive.create', 'report_archive.download'],
    );

    const refused = await make('administrator', { week: '2024-W02', audience: 'internal' });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      (await make('harm_reduction_partner', { week: '2024-W02', audience: 'internal' })).statusCode,
      403,
    );
    assert.equal(
      (await make('harm_reduction_partner', { week: '2024-W02', audience: 'partner' })).statusCode,
      201,
    );
    assert.equal((await make('administrator', { week: '2024-W02', audience: 'public' })).statusCode, 201);
    const unfinished = await make('analyst', { week: '2024-W11', audience: 'internal' });
    assert.equal(unfinished.statusCode, 400);
    assert.deepEqual(unfinished.json().error.details, { field: 'week' });
    assert.match(unfinished.json().error.message, /only complete weeks/);
    const badWeek = await make('analyst', { week: '2024-W60', audience: 'internal' });
    assert.equal(badWeek.statusCode, 400);
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/publications/weekly',
          payload: { week: '2024-W02', audience: 'public' },
        })
      ).statusCode,
      401,
    );
  });

  it('hands out a file as an attachment, auditing internal and partner ones only', async () => {
    const auditCount = async () =>
      (
        await context.db.query<{ n: number }>(
          `select count(*)::int as n from audit_entries where action = 'report_archive.download'`,
        )
      )[0]?.n ?? 0;
    const baseline = await auditCount();
    const partner = reports['partner 2024-W10'] as ArchivedFile;
    const download = await app.inject({
      url: `/api/v1/publications/archive/${partner.id}`,
      headers: { cookie: cookies.get('harm_reduction_partner') as string },
    });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(
      download.headers['content-disposition'],
      'attachment; filename="county-2024-W10-partner.pdf"',
    );
    assert.deepEqual(download.rawPayload, Buffer.from(partner.bytes));
    assert.equal((await auditCount()) - baseline, 1);

    const publicReport = reports['public 2024-W09'] as ArchivedFile;
    const listed = (await list(`?jurisdiction=${shortName}`))
      .json()
      .reports.find((r: { id: string }) => r.id === publicReport.id);
    assert.equal(
      listed.download_url,
      `/api/v1/publications/archive/${publicReport.id}?jurisdiction=${jurisdictionId}`,
    );
    const open = await app.inject({ url: listed.download_url });
    assert.equal(open.statusCode, 200);
    assert.deepEqual(open.rawPayload, Buffer.from(publicReport.bytes));
    assert.equal((await auditCount()) - baseline, 1, 'public reports are open to anyone, unnamed');

    const internal = reports['internal 2024-W09'] as ArchivedFile;
    const signedOut = await app.inject({
      url: `/api/v1/publications/archive/${internal.id}?jurisdiction=${jurisdictionId}`,
    });
    assert.equal(signedOut.statusCode, 401);
    const otherJurisdiction = await app.inject({
      url: `/api/v1/publications/archive/${internal.id}?jurisdiction=${jurisdictionId}`,
      headers: { cookie: otherAnalyst },
    });
    assert.equal(otherJurisdiction.statusCode, 403);
    const missing = await app.inject({
      url: `/api/v1/publications/archive/${newId()}`,
      headers: { cookie: cookies.get('analyst') as string },
    });
    assert.equal(missing.statusCode, 404);
  });

  it('says what is wrong with a query', async () => {
    const badCursor = await list('?cursor=not-a-cursor', 'analyst');
    assert.equal(badCursor.statusCode, 400);
    assert.deepEqual(badCursor.json().error.details, { field: 'cursor' });
    const badLimit = await list('?limit=1000', 'analyst');
    assert.equal(badLimit.statusCode, 400);
    assert.equal(badLimit.json().error.details[0].field, 'limit');
    assert.equal((await list('?audience=everyone', 'analyst')).statusCode, 400);
    assert.equal(
      (
        await app.inject({
          url: '/api/v1/publications/archive/42',
          headers: { cookie: cookies.get('analyst') as string },
        })
      ).statusCode,
      400,
    );
  });
});
