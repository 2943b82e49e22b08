import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization, setMfaRequired } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';

/** One seeded report: what the test knows of it, written out by hand. */
interface Seeded {
  id: string;
  occurred_at: string;
  latitude: number;
  longitude: number;
  fatal?: boolean;
  naloxone_given?: boolean;
  naloxone_doses?: number;
  substances?: string;
}

/** Rows of a CSV file as objects by header (the export's cells hold no commas but the agency's name). */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\r\n');
  const columns = (header as string).split(',');
  return lines.map((line) => {
    const cells =
      line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) =>
        c
          .replace(/,$/, '')
          .replace(/^"([\s\S]*)"$/, '$1')
          .replaceAll('""', '"'),
      ) ?? [];
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

describeEachEngine('ODMAP export per agency', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdiction: Jurisdiction;
  let jurisdictionId: string;
  let ems: string;
  let police: string;
  let cookies: Map<string, string>;
  let emsSubmitter: string;

  // Times are UTC; the jurisdiction is New York, so 2026-02-06T03:00Z is the local day February 5.
  const emsReports: Seeded[] = [
    { id: 'e1', occurred_at: '2026-02-04T15:00:00Z', latitude: 41.7, longitude: -72.6, fatal: true },
    {
      id: 'e2',
      occurred_at: '2026-02-06T03:00:00Z',
      latitude: 41.71,
      longitude: -72.61,
      substances: 'fentanyl;xylazine',
      naloxone_given: true,
      naloxone_doses: 2,
    },
    {
      id: 'e3',
      occurred_at: '2026-02-07T12:30:00Z',
      latitude: 41.72,
      longitude: -72.62,
      fatal: true,
      substances: 'heroin',
    },
    {
      id: 'e4',
      occurred_at: '2026-02-09T20:15:00Z',
      latitude: 41.73,
      longitude: -72.63,
      naloxone_given: false,
      substances: 'oxycodone;cocaine',
    },
    {
      id: 'e5',
      occurred_at: '2026-02-12',
      latitude: 41.74,
      longitude: -72.64,
      substances: 'methamphetamine',
    },
    {
      id: 'e6',
      occurred_at: '2026-02-15T23:00:00Z',
      latitude: 41.75,
      longitude: -72.65,
      fatal: false,
      naloxone_given: true,
      naloxone_doses: 1,
    },
    {
      id: 'e7',
      occurred_at: '2026-02-16T04:59:00Z',
      latitude: 41.76,
      longitude: -72.66,
      substances: 'any_opioid',
    },
    { id: 'e8', occurred_at: '2026-02-16T05:01:00Z', latitude: 41.77, longitude: -72.67 },
  ];
  const policeReports: Seeded[] = [
    {
      id: 'p1',
      occurred_at: '2026-02-08T10:00:00Z',
      latitude: 41.5,
      longitude: -72.9,
      fatal: true,
      substances: 'fentanyl',
    },
    { id: 'p2', occurred_at: '2026-02-10T10:00:00Z', latitude: 41.51, longitude: -72.91 },
  ];
  const FROM = '2026-02-05';
  const TO = '2026-02-15';

  const ingest = (organization: { id: string; name: string; type: string }, items: Seeded[]) =>
    ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization: { jurisdictionId, ...organization },
      channel: 'api',
      items: items.map(({ id, ...rest }) => {
        const fields = { source_record_id: id, ...rest };
        return { raw: fields, fields };
      }),
    });

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => new Date('2026-03-01T12:00:00Z') } });
    const seeded = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    jurisdictionId = seeded.jurisdiction.id;
    ems = seeded.organization.id;
    police = randomUUID();
    await insertOrganization(context.db, {
      jurisdictionId,
      id: police,
      name: 'City Police, Narcotics',
      type: 'police',
    });
    jurisdiction = seeded.jurisdiction;
    await ingest(seeded.organization, emsReports);
    await ingest({ id: police, name: 'City Police, Narcotics', type: 'police' }, policeReports);
    app = await buildApp(context);
    cookies = await signInRoles(
      app,
      context,
      jurisdictionId,
      ['analyst', 'public_safety_analyst', 'outreach_coordinator', 'harm_reduction_partner', 'submitter'],
      ems,
    );
    emsSubmitter = cookies.get('submitter') as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const get = (cookie: string | null, url: string) =>
    app.inject({ method: 'GET', url, headers: { ...(cookie ? { cookie } : {}), origin: OWN_ORIGIN } });
  const csvUrl = (organizationId: string, from = FROM, to = TO) =>
    `/api/v1/interop/odmap/overdoses.csv?organization_id=${organizationId}&from=${from}&to=${to}`;

  it("exports one agency's overdoses of the range with the facts its reports gave, computed apart", async () => {
    const answer = await get(cookies.get('analyst') as string, csvUrl(ems));
    assert.equal(answer.statusCode, 200, answer.body);
    assert.match(
      String(answer.headers['content-disposition']),
      /attachment; filename="odmap-county-ems-2026-02-05-to-2026-02-15.csv"/,
    );
    const rows = parseCsv(answer.body);
    // Which reports fall in the range, by the local day of each, worked out here by hand: e1 is
    // February 4; e7 (04:59Z) is still February 15 in New York; e8 (05:01Z) is February 16.
    const inRange = ['e2', 'e3', 'e4', 'e5', 'e6', 'e7'];
    const ids = await context.db.query<{ source_record_id: string; overdose_id: string }>(
      'select source_record_id, overdose_id from reports where jurisdiction_id = $1 and organization_id = $2',
      [jurisdictionId, ems],
    );
    const overdoseOf = new Map(ids.map((r) => [r.source_record_id, r.overdose_id]));
    assert.deepEqual(rows.map((r) => r.incident_id).sort(), inRange.map((id) => overdoseOf.get(id)).sort());
    const byId = new Map(rows.map((r) => [r.incident_id, r]));
    const row = (id: string) => byId.get(overdoseOf.get(id) as string) as Record<string, string>;
    assert.deepEqual(
      [
        row('e2').incident_date,
        row('e2').incident_time,
        row('e2').suspected_drug,
        row('e2').naloxone_administered,
        row('e2').naloxone_doses,
      ],
      ['2026-02-05', '22:00', 'Fentanyl; Xylazine', 'Yes', '2'],
    );
    assert.deepEqual([row('e3').overdose_type, row('e3').suspected_drug], ['Fatal', 'Heroin']);
    assert.deepEqual(
      [row('e4').suspected_drug, row('e4').naloxone_administered],
      ['Prescription Opioid; Cocaine/Crack', 'No'],
    );
    assert.deepEqual([row('e5').incident_time, row('e5').suspected_drug], ['', 'Methamphetamine']);
    assert.deepEqual([row('e7').incident_date, row('e7').suspected_drug], ['2026-02-15', 'Other Opioid']);
    assert.deepEqual(
      [row('e2').latitude, row('e2').longitude, row('e2').agency_name],
      ['41.71', '-72.61', 'County EMS'],
    );
    // The fatal count against SQL over the overdoses the agency's reports built.
    const [fatal] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from overdoses o where o.jurisdiction_id = $1 and o.fatal
         and o.occurred_date between $2 and $3
         and o.id in (select overdose_id from reports where organization_id = $4)`,
      [jurisdictionId, FROM, TO, ems],
    );
    assert.equal(rows.filter((r) => r.overdose_type === 'Fatal').length, fatal?.n);
    assert.equal(fatal?.n, 1);
    assert.equal(answer.headers['x-sos-records'], String(inRange.length));
  });

  it('pages the same records as JSON, and audits each export with its purpose and count', async () => {
    const analyst = cookies.get('analyst') as string;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/interop/odmap/overdoses?organization_id=${ems}&from=${FROM}&to=${TO}&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await get(analyst, url);
      assert.equal(page.statusCode, 200, page.body);
      const body = page.json();
      assert.equal(body.total, 6);
      seen.push(...body.records.map((r: { incident_id: string }) => r.incident_id));
      cursor = body.next;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 2);
    assert.equal(new Set(seen).size, 6);
    const audits = await context.db.query<{ purpose: string; details: { records: number; format: string } }>(
      `select purpose, details from audit_entries where jurisdiction_id = $1 and action = 'interop.odmap_export' order by seq`,
      [jurisdictionId],
    );
    assert.ok(audits.length >= 3);
    assert.ok(audits.every((a) => a.purpose === 'surveillance'));
    assert.deepEqual(
      audits.slice(-2).map((a) => [a.details.format, a.details.records]),
      [
        ['json', 4],
        ['json', 2],
      ],
    );
  });

  it('lets a submitter export its own organization only, and refuses the other roles and the public', async () => {
    assert.equal((await get(emsSubmitter, csvUrl(ems))).statusCode, 200);
    const other = await get(emsSubmitter, csvUrl(police));
    assert.equal(other.statusCode, 403, other.body);
    assert.equal(other.json().error.code, 'FORBIDDEN');
    const agencies = (await get(emsSubmitter, '/api/v1/interop/agencies')).json().agencies;
    assert.deepEqual(
      agencies.map((a: { id: string }) => a.id),
      [ems],
    );
    const all = (await get(cookies.get('analyst') as string, '/api/v1/interop/agencies')).json().agencies;
    assert.deepEqual(all.map((a: { id: string }) => a.id).sort(), [ems, police].sort());
    for (const role of ['public_safety_analyst', 'outreach_coordinator', 'harm_reduction_partner']) {
      const refused = await get(cookies.get(role) as string, csvUrl(ems));
      assert.equal(refused.statusCode, 403, `${role}: ${refused.body}`);
    }
    assert.equal((await get(null, csvUrl(ems))).statusCode, 401);
  });

  it('holds the second-factor rule as for any T2 data, and says what is wrong with a range', async () => {
    const analyst = cookies.get('analyst') as string;
    await setMfaRequired(context.db, jurisdictionId, true);
    const refused = await get(analyst, csvUrl(police));
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'MFA_REQUIRED');
    await setMfaRequired(context.db, jurisdictionId, false);
    const police2 = parseCsv((await get(analyst, csvUrl(police))).body);
    assert.deepEqual(police2.map((r) => [r.overdose_type, r.agency_name]).sort(), [
      ['Fatal', 'City Police, Narcotics'],
      ['Non-Fatal', 'City Police, Narcotics'],
    ]);
    const backwards = await get(analyst, csvUrl(ems, '2026-02-15', '2026-02-05'));
    assert.equal(backwards.statusCode, 400);
    assert.equal(backwards.json().error.details.field, 'to');
    assert.equal((await get(analyst, csvUrl(randomUUID()))).statusCode, 404);
  });
});
