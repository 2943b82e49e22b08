import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import { cliActor } from '../../src/access/roles.js';
import { importDirectory } from '../../src/directory/directory-import.js';
import type { Database } from '../../src/platform/database.js';
import {
  describeEachEngine,
  openTestDatabase,
  seedJurisdiction,
  sharedData,
} from '../support/test-databases.js';
import { assertCatalogError, fuzz, hostileText, regressionCases } from './fuzz-run.js';

const EXAMPLE = sharedData('hsds', 'examples');
/** The package's files, in a fixed order so that a kept case names the same file. */
const FILES = readdirSync(EXAMPLE).sort();

/** One change to one file of the HSDS example package. */
type Mutation =
  | { kind: 'cell'; file: number; row: number; column: number; text: string }
  | { kind: 'truncate'; file: number; at: number }
  | { kind: 'insert'; file: number; at: number; text: string };

/** A package to import as fast-check generates it (JSON, so a regression can keep it). */
interface HsdsCase {
  mutations: Mutation[];
}

const file = fc.nat(FILES.length - 1);
const cases: fc.Arbitrary<HsdsCase> = fc.record({
  mutations: fc.array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('cell' as const),
          file,
          row: fc.nat(6),
          column: fc.nat(20),
          text: hostileText,
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), file, at: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('insert' as const), file, at: fc.nat(), text: hostileText }),
      },
    ),
    { maxLength: 3 },
  ),
});

/** Writes the example with a case's changes into a new folder. */
function packageOf(c: HsdsCase): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-fuzz-hsds-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const m of c.mutations) {
    const target = path.join(dir, FILES[m.file] as string);
    let text = readFileSync(target, 'utf8');
    if (m.kind === 'truncate') text = text.slice(0, m.at % (text.length + 1));
    else if (m.kind === 'insert') {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + m.text + text.slice(at);
    } else if (target.endsWith('.csv')) {
      // A cell rewritten as a spreadsheet would write it: quoted, quotes doubled.
      const lines = text.split(/\r?\n/);
      const line = 1 + (m.row % Math.max(lines.length - 1, 1));
      const cells = (lines[line] ?? '').split(',');
      cells[m.column % cells.length] = `"${m.text.replaceAll('"', '""')}"`;
      lines[line] = cells.join(',');
      text = lines.join('\n');
    } else text = text.replace(/"[^"]*"/, JSON.stringify(m.text));
    writeFileSync(target, text);
  }
  return dir;
}

describeEachEngine('fuzz: HSDS directory packages (sos directory import)', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  after(() => dispose());

  const directoryRows = async (jurisdictionId: string) =>
    Object.fromEntries(
      (
        await db.query<{ hsds_table: string; n: number }>(
          'select hsds_table, count(*)::int as n from directory_rows where jurisdiction_id = $1 group by hsds_table',
          [jurisdictionId],
        )
      ).map((r) => [r.hsds_table, r.n]),
    );

  /**
   * Imports one generated package into a fresh jurisdiction: a catalog error that stored nothing, or
   * the rows it says it stored are those in the database, each quarantined row named by file, row and
   * field; the unchanged example stores every row.
   */
  const check = async (c: HsdsCase) => {
    const { jurisdiction } = await seedJurisdiction(db);
    const dir = packageOf(c);
    try {
      const result = await importDirectory(
        db,
        cliActor,
        jurisdiction.id,
        dir,
        new Date('2026-03-02T15:00:00Z'),
      );
      const stored = Object.fromEntries(Object.entries(result.stored).filter(([, n]) => n > 0));
      assert.deepEqual(await directoryRows(jurisdiction.id), stored, 'the rows it says it stored are stored');
      for (const p of result.problems.filter((p) => p.severity === 'reject'))
        assert.ok(p.file !== '' && p.message !== '', `a quarantined row is named: ${JSON.stringify(p)}`);
      if (c.mutations.length === 0) {
        assert.deepEqual(
          result.problems.filter((p) => p.severity === 'reject'),
          [],
        );
        assert.equal(Object.keys(result.stored).length, 21);
      }
    } catch (error) {
      assertCatalogError(error, 'directory import');
      assert.deepEqual(await directoryRows(jurisdiction.id), {}, `refused (${error.code}): nothing stored`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  for (const kept of regressionCases<HsdsCase>('hsds'))
    it(`replays hsds regression ${kept.file}: ${kept.found}`, () => check(kept.input));
  it('imports generated packages: no crash, no partial write, quarantined rows named', (t) =>
    fuzz(t, 'hsds', cases, check));
});
