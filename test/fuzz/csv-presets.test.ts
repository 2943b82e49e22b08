import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { cliActor } from '../../src/access/roles.js';
import { importCsvFile } from '../../src/intake/csv-import-service.js';
import type { AppContext } from '../../src/main/app-context.js';
import { parseCsv } from '../support/reference-csv.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';
import { type CsvCase, csvCases, csvFile, fuzzedPresets, storedRecordId, validId } from './csv-cases.js';
import {
  assertCatalogError,
  type FuzzerName,
  fuzz,
  intakeTables,
  regressionCases,
  rowCounts,
} from './fuzz-run.js';

describeEachEngine('fuzz: CSV import presets', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let dir: string;
  let files = 0;
  before(async () => {
    context = await openTestContext(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-fuzz-csv-'));
  });
  after(async () => {
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Imports one generated file into a fresh organization: either a catalog error that wrote nothing,
   * or a summary whose counts add up, whose rejected rows are in the quarantine with their row and
   * field, and where every valid row of an intact file is stored.
   */
  const check = async (c: CsvCase) => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    const { bytes, intact, validRows } = csvFile(c);
    const filePath = path.join(dir, `f${++files}.csv`);
    const rejectedPath = path.join(dir, `f${files}.rejected.csv`);
    writeFileSync(filePath, bytes);
    const before = await rowCounts(context.db, intakeTables, jurisdiction.id);
    let summary: Awaited<ReturnType<typeof importCsvFile>>;
    try {
      summary = await importCsvFile(context.intake, cliActor, {
        filePath,
        presetName: c.preset,
        jurisdiction,
        organization,
        rejectedPath,
        batchSize: c.batchSize,
      });
    } catch (error) {
      assertCatalogError(error, `import of ${c.preset} file`);
      assert.deepEqual(
        await rowCounts(context.db, intakeTables, jurisdiction.id),
        before,
        `refused (${error.code}): nothing written`,
      );
      return;
    }
    assert.equal(
      summary.accepted + summary.duplicates + summary.rejected + summary.skipped,
      summary.read,
      'every row read is accepted, a duplicate, rejected or skipped',
    );
    const [stored] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from reports where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.equal(stored?.n, summary.accepted, 'one stored report per accepted row');
    const quarantined = summary.rejectedFile
      ? parseCsv(readFileSync(summary.rejectedFile, 'utf8')).slice(1)
      : [];
    assert.equal(quarantined.length, summary.rejected, 'every rejected row is in the quarantine file');
    for (const row of quarantined) {
      assert.match(row[0] ?? '', /^[1-9]\d*$/, `a quarantined row names its row: ${JSON.stringify(row)}`);
      assert.match(row[2] ?? '', /: /, `a quarantined row says which field and why: ${JSON.stringify(row)}`);
    }
    if (!intact) return;
    assert.equal(summary.read, c.valid.length + c.bad.length, 'an intact file: every row is read');
    const rejectedRows = new Set(quarantined.map((row) => Number(row[0])));
    for (const rowNumber of validRows.keys())
      assert.ok(!rejectedRows.has(rowNumber), `valid row ${rowNumber} kept: ${JSON.stringify(quarantined)}`);
    const ids = [...validRows.values()]
      .map(({ index, cells }) => storedRecordId(c.preset, validId(index), cells))
      .filter((id): id is string => id !== null);
    const kept = await context.db.query<{ source_record_id: string }>(
      'select distinct source_record_id from reports where jurisdiction_id = $1 and source_record_id = any($2)',
      [jurisdiction.id, ids],
    );
    assert.equal(kept.length, ids.length, 'every valid row is stored under its record id');
    assert.ok(summary.accepted >= c.valid.length, 'every valid row is accepted');
  };

  for (const preset of fuzzedPresets) {
    const name = `csv-${preset}` as FuzzerName;
    for (const kept of regressionCases<CsvCase>(name))
      it(`replays ${name} regression ${kept.file}: ${kept.found}`, () => check(kept.input));
    it(`imports generated ${preset} files: no crash, no partial write, good rows kept, bad rows named`, (t) =>
      fuzz(t, name, csvCases(preset), check));
  }
});
