import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readImports } from './import-graph.js';
import { knownViolations } from './known-violations.js';
import { layeringViolations, tableViolations } from './layering-rules.js';
import { readTableMentions, readTableOwners, stringLiterals } from './sql-tables.js';

/** The repository's root: tests run from it (npm test). */
const ROOT = process.cwd();

describe('layering', () => {
  it('finds exactly the known violations in the code: none new, none fixed and still listed', () => {
    const found = [
      ...layeringViolations(readImports(ROOT, ['src', 'web/src', 'common'])),
      ...tableViolations(readTableOwners(ROOT, 'src'), readTableMentions(ROOT, ['src'])),
    ];
    const added = found.filter((v) => !knownViolations.includes(v));
    const fixed = knownViolations.filter((v) => !found.includes(v));
    assert.deepEqual(added, [], 'imports that break a layering rule (see docs/ARCHITECTURE.md)');
    assert.deepEqual(fixed, [], 'fixed: take these out of test/architecture/known-violations.ts');
  });

  it('names each forbidden import with its rule, and lets allowed ones pass', () => {
    const imports = [
      { from: 'src/platform/clock.ts', to: 'src/alerts/alert-service.ts' },
      { from: 'src/detection/ears-c.ts', to: 'src/surveillance/overdose-service.ts' },
      { from: 'src/alerts/alert-service.ts', to: 'src/intake/report-repository.ts' },
      { from: 'src/alerts/alert-service.ts', to: 'src/intake/schema.ts' },
      { from: 'web/src/App.tsx', to: 'src/access/roles.ts' },
      { from: 'src/outreach/visit-service.ts', to: 'src/coercive-acts/register.ts' },
      // Allowed: a module's own repository, another module's service, the ground floor, the root.
      { from: 'src/alerts/alert-service.ts', to: 'src/alerts/alert-repository.ts' },
      { from: 'src/alerts/alert-service.ts', to: 'src/surveillance/aggregates/aggregate-service.ts' },
      { from: 'src/alerts/alert-service.ts', to: 'src/platform/errors.ts' },
      { from: 'src/main/commands/import-command.ts', to: 'src/intake/report-repository.ts' },
      { from: 'web/src/router.ts', to: 'common/app-pages.ts' },
    ];
    assert.deepEqual(layeringViolations(imports), [
      'detection imports only itself: src/detection/ears-c.ts -> src/surveillance/overdose-service.ts',
      "no module imports another module's repository or schema: src/alerts/alert-service.ts -> src/intake/report-repository.ts",
      "no module imports another module's repository or schema: src/alerts/alert-service.ts -> src/intake/schema.ts",
      'outreach never imports the coercive-acts register: src/outreach/visit-service.ts -> src/coercive-acts/register.ts',
      'platform imports no feature: src/platform/clock.ts -> src/alerts/alert-service.ts',
      'web imports nothing from src: web/src/App.tsx -> src/access/roles.ts',
    ]);
  });

  it('reads relative imports and re-exports, dynamic ones included, as paths from the root', () => {
    const imports = readImports(ROOT, ['src/platform']);
    assert.ok(
      imports.some((i) => i.from === 'src/platform/migrate.ts' && i.to === 'src/platform/database.ts'),
    );
    assert.ok(imports.every((i) => !i.to.endsWith('.js') && !i.to.includes('..')));
  });

  it("names each file whose SQL names another module's table, and lets a module's own SQL pass", () => {
    const owners = new Map([
      ['overdoses', 'surveillance'],
      ['users', 'access'],
      ['alerts', 'alerts'],
    ]);
    const mentions = [
      { file: 'src/alerts/alert-repository.ts', table: 'overdoses' },
      { file: 'src/alerts/alert-repository.ts', table: 'overdoses' },
      { file: 'src/alerts/alert-repository.ts', table: 'alerts' },
      { file: 'src/publications/weekly/weekly-counts.ts', table: 'users' },
      { file: 'src/surveillance/overdose-store.ts', table: 'overdoses' },
      { file: 'src/alerts/alert-repository.ts', table: 'unnest' },
      // Linkage may read (only read) the overdoses it decides about.
      { file: 'src/linkage/linkage-repository.ts', table: 'overdoses', reads: true },
      { file: 'src/linkage/repeat-repository.ts', table: 'overdoses', reads: false },
      { file: 'src/linkage/linkage-repository.ts', table: 'users', reads: true },
    ];
    assert.deepEqual(tableViolations(owners, mentions), [
      "a module's tables are named in SQL only by its own files: src/alerts/alert-repository.ts -> overdoses (surveillance)",
      "a module's tables are named in SQL only by its own files: src/linkage/linkage-repository.ts -> users (access)",
      "a module's tables are named in SQL only by its own files: src/linkage/repeat-repository.ts -> overdoses (surveillance)",
      "a module's tables are named in SQL only by its own files: src/publications/weekly/weekly-counts.ts -> users (access)",
    ]);
  });

  it('reads the tables of schema files and the tables named in SQL strings, not in comments', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sos-layering-'));
    try {
      mkdirSync(path.join(root, 'src/alerts'), { recursive: true });
      mkdirSync(path.join(root, 'src/access'), { recursive: true });
      writeFileSync(
        path.join(root, 'src/access/schema.ts'),
        "export const users = pgTable(\n  'users',\n  {});\nexport const apiKeys = pgTable('api_keys', {});\n",
      );
      writeFileSync(
        path.join(root, 'src/alerts/alert-repository.ts'),
        [
          '// Reads the names from users rather than joining them.',
          '/* update users is for access */',
          "const a = 'select name from users where id = $1';",
          'const b = `insert into alert_events (id) values ($1)`;',
          'const c = `select 1 from alerts a\n  left join api_keys k on k.id = a.key`;',
          'const d = "the rows from a file";',
        ].join('\n'),
      );
      assert.deepEqual(
        readTableOwners(root, 'src'),
        new Map([
          ['users', 'access'],
          ['api_keys', 'access'],
        ]),
      );
      assert.deepEqual(
        readTableMentions(root, ['src/alerts']).map((m) => m.table),
        ['users', 'alert_events', 'alerts', 'api_keys', 'a'],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('takes string and template literals whole, escapes included, and skips comments', () => {
    assert.deepEqual(stringLiterals("f('a\\'b', \"c\") // 'd'\n/* 'e' */ `g\nh`"), ["a\\'b", 'c', 'g\nh']);
  });
});
