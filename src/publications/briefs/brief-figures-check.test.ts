import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { type BriefTruth, seedBriefData } from '../../../test/support/brief-fixture.js';
import { signInRoles } from '../../../test/support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');
const QUERY = 'layer=quads&area=q00&weeks=12&end_week=2024-W16';

/** Runs the real `sos suppression check` on a file; resolves with its exit code and output. */
async function check(file: string, k: number) {
  try {
    const { stdout } = await run(process.execPath, [CLI, 'suppression', 'check', file, '--k', String(k)]);
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

// The figures files are what leaves; one engine is enough to make them (the counts are tested on both).
describe("public safety brief figures pass the real `sos suppression check` at their tier's k", () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookie: string;
  let truth: BriefTruth[];
  let jurisdictionId: string;
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-brief-figures-'));

  before(async () => {
    context = await openTestContext('pglite');
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    truth = await seedBriefData(context, seeded);
    app = await buildApp(context);
    cookie = (await signInRoles(app, context, jurisdictionId, ['public_safety_analyst'])).get(
      'public_safety_analyst',
    ) as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const download = async (url: string, name: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="sos-.*\.json"/);
    const file = path.join(folder, name);
    writeFileSync(file, response.body);
    return { file, figures: response.json() };
  };

  it("passes with the jurisdiction's partner k raised to 5: small counts hidden with their complements", async () => {
    await context.db.query('update jurisdictions set partner_k = 5 where id = $1', [jurisdictionId]);
    const { file, figures } = await download(
      `/api/v1/briefs/public-safety/figures.json?${QUERY}`,
      'brief-k5.json',
    );
    assert.equal(figures.k, 5);
    const heat = figures.tables.find((t: { name: string }) => t.name === 'Overdoses by day of week and hour');
    const shown = heat.cells.flat();
    assert.ok(
      shown.some((v: number | null) => v === null),
      'some hour of the week is hidden',
    );
    assert.ok(shown.every((v: number | null) => v === null || v === 0 || v >= 5));
    assert.ok(figures.figureSums.length > 0, 'the blocks are tied to their hours');
    const result = await check(file, 5);
    assert.equal(result.code, 0, result.stdout);
    // The shown grand total is the generated truth's.
    const total = truth.filter(
      (t) => t.quad === 'q00' && t.day >= '2024-01-28' && t.day <= '2024-04-20',
    ).length;
    assert.equal(heat.total, total);
  });

  it('passes the one-pager for officials at the public k (10)', async () => {
    const { file, figures } = await download(
      `/api/v1/briefs/public-safety/resource-need/figures.json?${QUERY}`,
      'need.json',
    );
    assert.equal(figures.k, 10);
    const result = await check(file, 10);
    assert.equal(result.code, 0, result.stdout);
  });
});
