import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../../test/support/test-databases.js';
import { buildApp } from '../../../main/app.js';
import type { AppContext } from '../../../main/app-context.js';
import { appendAuditEntries } from '../audit-repository.js';

describeEachEngine('the audit trail of the administration pages', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let cookies: Map<string, string>;
  let analystId: string;
  let analystEmail: string;

  before(async () => {
    context = await openTestContext(engine);
    ({
      jurisdiction: { id: jurisdictionId },
    } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' }));
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdictionId, ['administrator', 'analyst']);
    analystEmail = `analyst.${jurisdictionId}@example.org`;
    const [row] = await context.db.query<{ id: string }>('select id from users where email = $1', [
      analystEmail,
    ]);
    analystId = row?.id as string;
    // Person reads of the analyst, at times either side of midnight in New York.
    const reads = [
      ['2025-03-10T03:30:00Z', 'p1'], // 23:30 on March 9th in New York
      ['2025-03-10T05:00:00Z', 'p2'], // 01:00 on March 10th
      ['2025-03-11T15:00:00Z', 'p1'],
      ['2025-03-12T03:59:00Z', 'p3'], // 23:59 on March 11th (EDT from March 9th)
      ['2025-03-12T04:00:00Z', 'p4'], // 00:00 on March 12th
    ] as const;
    for (const [at, person] of reads) {
      await context.db.transaction((tx) =>
        appendAuditEntries(tx, jurisdictionId, new Date(at), [
          {
            actorType: 'user',
            actorId: analystId,
            action: 'person.read',
            subjectType: 'person',
            subjectId: person,
            purpose: 'treatment',
            details: { note: '=cmd|x' },
          },
        ]),
      );
    }
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const get = (url: string, role = 'administrator') =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies.get(role) as string, origin: OWN_ORIGIN } });
  type Page = {
    entries: { seq: number; action: string; subject_id: string; actor_email: string }[];
    next: string | null;
  };
  const all = async (query: string) => {
    const entries: Page['entries'] = [];
    let next: string | null = null;
    do {
      const response = await get(`/api/v1/admin/audit?limit=2&${query}${next ? `&cursor=${next}` : ''}`);
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json() as Page;
      entries.push(...page.entries);
      next = page.next;
    } while (next);
    return entries;
  };

  it('filters by user (id or email), action prefix and record, newest first, page by page', async () => {
    const byId = await all(`user=${analystId}&action=person.`);
    assert.deepEqual(
      byId.map((e) => e.subject_id),
      ['p4', 'p3', 'p1', 'p2', 'p1'],
    );
    assert.ok(byId.every((e, i) => i === 0 || e.seq < (byId[i - 1]?.seq ?? 0)));
    assert.equal(byId[0]?.actor_email, analystEmail);
    const byEmail = await all(`user=${encodeURIComponent(analystEmail.toUpperCase())}&action=person.`);
    assert.deepEqual(
      byEmail.map((e) => e.seq),
      byId.map((e) => e.seq),
    );
    const record = await all('subject_type=person&subject_id=p1');
    assert.deepEqual(
      record.map((e) => e.subject_id),
      ['p1', 'p1'],
    );
    // A prefix is a prefix: LIKE's wildcards match only themselves.
    assert.deepEqual(await all('action=%25'), []);
    assert.deepEqual(await all('action=person_read'), []);
  });

  it("cuts the date range in the jurisdiction's time zone, both days included", async () => {
    const day = await all('action=person.&from=2025-03-10&to=2025-03-11');
    assert.deepEqual(
      day.map((e) => e.subject_id),
      ['p3', 'p1', 'p2'],
    );
    const refused = await get('/api/v1/admin/audit?from=2025-03-12&to=2025-03-11');
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.json().error.details, { field: 'to' });
  });

  it('audits every view of the trail with purpose audit and its filter, and refuses other roles', async () => {
    await get(`/api/v1/admin/audit?action=person.&subject_id=p2`);
    const [view] = await all('action=audit.read');
    assert.ok(view);
    // The newest view listed is the one just made (a page's own view is written after it is read).
    const [row] = await context.db.query<{
      actor_id: string;
      purpose: string;
      details: Record<string, unknown>;
    }>('select actor_id, purpose, details from audit_entries where jurisdiction_id = $1 and seq = $2', [
      jurisdictionId,
      view.seq,
    ]);
    assert.equal(row?.purpose, 'audit');
    assert.deepEqual(row?.details, { action: 'person.', subject_id: 'p2', page_after: false, records: 1 });
    const forbidden = await get('/api/v1/admin/audit', 'analyst');
    assert.equal(forbidden.statusCode, 403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/admin/audit.csv' });
    assert.equal(anonymous.statusCode, 401);
  });

  it('exports the same filtered entries as CSV, streamed, and audits the export with its filter', async () => {
    const query = `user=${analystId}&action=person.`;
    const listed = await all(query);
    const response = await get(`/api/v1/admin/audit.csv?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(
      String(response.headers['content-disposition']),
      /attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = response.body.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'seq,at,actor_type,actor_id,actor_email,action,subject_type,subject_id,purpose,details,hash',
    );
    assert.deepEqual(
      lines.slice(1).map((line) => Number(line.split(',')[0])),
      listed.map((e) => e.seq),
    );
    // Details are one JSON cell, quoted as CSV asks; none opens as a formula.
    assert.ok(lines[1]?.includes('"{""note"":""=cmd|x""}"'), lines[1]);
    const [exported] = await context.db.query<{
      action: string;
      purpose: string;
      details: Record<string, string>;
    }>(
      `select action, purpose, details from audit_entries where jurisdiction_id = $1 and action = 'audit.export'`,
      [jurisdictionId],
    );
    assert.deepEqual(exported, {
      action: 'audit.export',
      purpose: 'audit',
      details: { user: analystId, action: 'person.' },
    });
  });

  it('verifies the chain: intact, then broken with the break named', async () => {
    const intact = await get('/api/v1/admin/audit/verification');
    assert.equal(intact.statusCode, 200, intact.body);
    assert.equal(intact.json().intact, true);
    assert.ok(intact.json().entries >= 5);
    await context.db.transaction(async (tx) => {
      await tx.query('alter table audit_entries disable trigger audit_entries_append_only');
      await tx.query(
        `update audit_entries set subject_id = 'p9' where jurisdiction_id = $1 and subject_id = 'p2'`,
        [jurisdictionId],
      );
      await tx.query('alter table audit_entries enable trigger audit_entries_append_only');
    });
    const broken = (await get('/api/v1/admin/audit/verification')).json();
    assert.equal(broken.intact, false);
    assert.deepEqual(
      broken.problems.map((p: { kind: string }) => p.kind),
      ['changed'],
    );
    assert.equal((await get('/api/v1/admin/audit/verification', 'analyst')).statusCode, 403);
  });
});
