import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
  sharedData,
} from '../support/test-databases.js';
import { assertAnswer, fuzz, hostileText, intakeTables, regressionCases, rowCounts } from './fuzz-run.js';

/** Real NEMSIS 3.5.1 sample documents that are accepted as they are (one PatientCareReport each). */
const DOCUMENTS = ['2025-EMS-1-Overdose_v351.xml', '2025-EMS-3-MVC_v351.xml'];

/** One change to a document's text. */
type Mutation =
  | { kind: 'text'; at: number; text: string; escaped: boolean }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string };

/** A document to post as fast-check generates it (JSON, so a regression can keep it). */
interface NemsisCase {
  document: number;
  mutations: Mutation[];
}

const cases: fc.Arbitrary<NemsisCase> = fc.record({
  document: fc.nat(DOCUMENTS.length - 1),
  mutations: fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('text' as const),
          at: fc.nat(),
          text: hostileText,
          escaped: fc.boolean(),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: hostileText }),
      },
    ),
    { maxLength: 3 },
  ),
});

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The document of a case, its record id made unique so every run's valid document is new. */
function documentOf(c: NemsisCase, run: number): string {
  let xml = readFileSync(sharedData('nemsis', DOCUMENTS[c.document] as string), 'utf8').replace(
    /<eRecord\.01>[^<]*<\/eRecord\.01>/,
    `<eRecord.01>fuzz-${run}</eRecord.01>`,
  );
  for (const m of c.mutations) {
    if (m.kind === 'truncate') xml = xml.slice(0, m.at % (xml.length + 1));
    else if (m.kind === 'insert') {
      const at = m.at % (xml.length + 1);
      xml = xml.slice(0, at) + m.text + xml.slice(at);
    } else {
      // The text between two tags, the n-th one: a value a records system would send.
      const values = [...xml.matchAll(/>([^<>]+)</g)];
      const target = values[m.at % Math.max(values.length, 1)];
      if (!target || target.index === undefined) continue;
      const start = target.index + 1;
      xml =
        xml.slice(0, start) +
        (m.escaped ? escapeXml(m.text) : m.text) +
        xml.slice(start + (target[1] as string).length);
    }
  }
  return xml;
}

describeEachEngine('fuzz: NEMSIS XML (POST /api/v1/reports/nemsis)', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let jurisdictionId: string;
  let runs = 0;
  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: seeded.organization.id,
      name: 'fuzzed ePCR',
    }));
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  /**
   * Posts one generated document: never a 500; a refused document is a catalog error that wrote
   * nothing; an answered one counts every record, stores the accepted ones, names each problem's
   * element; an unchanged sample is accepted.
   */
  const check = async (c: NemsisCase) => {
    const before = await rowCounts(context.db, intakeTables, jurisdictionId);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports/nemsis',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: documentOf(c, ++runs),
    });
    const body = assertAnswer(response, 'POST /api/v1/reports/nemsis');
    const after = await rowCounts(context.db, intakeTables, jurisdictionId);
    if ('error' in body) {
      assert.deepEqual(after, before, `refused (${body.error.code}): nothing written`);
      return;
    }
    assert.equal(body.accepted + body.duplicates + body.rejected, body.read, 'every record is counted once');
    assert.equal(
      (after.reports ?? 0) - (before.reports ?? 0),
      body.accepted,
      'one stored report per accepted record',
    );
    for (const record of body.records as { problems: { field: string }[] }[])
      assert.ok(
        record.problems.every((p) => p.field !== ''),
        `problems name their element: ${JSON.stringify(record)}`,
      );
    if (c.mutations.length === 0)
      assert.deepEqual([body.read, body.accepted], [1, 1], 'an unchanged sample is kept');
  };

  for (const kept of regressionCases<NemsisCase>('nemsis'))
    it(`replays nemsis regression ${kept.file}: ${kept.found}`, () => check(kept.input));
  it('answers generated documents: no 500, no partial write, records counted and named', (t) =>
    fuzz(t, 'nemsis', cases, check));
});
