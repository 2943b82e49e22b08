import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../../src/access/roles.js';
import { importCsvFile } from '../../src/intake/csv-import-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { parseCsv } from '../support/reference-csv.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

// A NUL (U+0000) cannot be stored in PostgreSQL text: it must reject its report, never the batch.
describeEachEngine('NUL characters in reports', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;

  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: seeded.jurisdiction.id,
      organizationId: seeded.organization.id,
      name: 'cad',
    }));
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const post = (payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: payload as object,
      headers: { authorization: `Bearer ${key}` },
    });
  const report = (id: string, extra: Record<string, unknown> = {}) => ({
    source_record_id: id,
    occurred_at: '2024-05-03T22:15:00-04:00',
    latitude: 41.77,
    longitude: -72.68,
    ...extra,
  });
  const stored = async (id: string) =>
    Number(
      (
        await context.db.query<{ n: number }>(
          'select count(*)::int as n from reports where jurisdiction_id = $1 and source_record_id = $2',
          [seeded.jurisdiction.id, id],
        )
      )[0]?.n,
    );

  it('answers 422 naming the field for a NUL in a report field, a person field or an extra key', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [report('nul-1', { narrative: 'found\u0000down' }), 'narrative'],
      [report('nul-2\u0000'), 'source_record_id'],
      [report('nul-3', { person: { first_name: 'A\u0000' } }), 'person.first_name'],
      [report('nul-4', { unit: 'M\u00001' }), 'unit'],
      [report('nul-5', { substances: ['fentanyl', 'x\u0000'] }), 'substances[1]'],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      assert.equal(response.statusCode, 422, response.body);
      const body = response.json();
      assert.equal(body.status, 'rejected');
      const nul = body.problems.find((p: { code: string }) => p.code === 'NUL_CHARACTER');
      assert.equal(nul?.field, field, response.body);
      assert.equal(nul?.severity, 'reject');
    }
    assert.equal(await stored('nul-1'), 0);
  });

  it('rejects only the report with a NUL in a batch; the others are stored', async () => {
    const response = await post({
      reports: [report('batch-1'), report('batch-2', { address: '1 Main\u0000 St' }), report('batch-3')],
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(
      body.results.map((r: { status: string }) => r.status),
      ['accepted', 'rejected', 'accepted'],
    );
    assert.equal(body.results[1].problems[0].field, 'address');
    assert.equal(body.results[1].problems[0].code, 'NUL_CHARACTER');
    assert.equal(await stored('batch-1'), 1);
    assert.equal(await stored('batch-3'), 1);
  });

  it('quarantines a CSV row with a NUL, naming its row and column, and imports the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sos-nul-'));
    const file = path.join(dir, 'nul.csv');
    writeFileSync(
      file,
      'source_record_id,occurred_at,latitude,longitude,narrative\n' +
        'csv-1,2024-05-01T10:00:00,41.7,-72.6,ok\n' +
        'csv-2,2024-05-01T11:00:00,41.7,-72.6,bad\u0000text\n' +
        'csv\u00003,2024-05-01T12:00:00,41.7,-72.6,ok\n' +
        'csv-4,2024-05-01T13:00:00,41.7,-72.6,ok\n',
    );
    const summary = await importCsvFile(context.intake, cliActor, {
      filePath: file,
      presetName: 'generic',
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
    });
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [4, 2, 2]);
    const quarantine = parseCsv(readFileSync(summary.rejectedFile as string, 'utf8'));
    assert.deepEqual(
      quarantine.slice(1).map((r) => [r[0], r[2]?.split(':')[0]]),
      [
        ['2', 'narrative'],
        ['3', 'source_record_id'],
      ],
    );
    assert.equal(await stored('csv-1'), 1);
    assert.equal(await stored('csv-4'), 1);
  });
});
