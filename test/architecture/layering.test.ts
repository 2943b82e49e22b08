import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readImports } from './import-graph.js';
import { knownViolations } from './known-violations.js';
import { layeringViolations } from './layering-rules.js';

/** The repository's root: tests run from it (npm test). */
const ROOT = process.cwd();

describe('layering', () => {
  it('finds exactly the known violations in the code: none new, none fixed and still listed', () => {
    const found = layeringViolations(readImports(ROOT, ['src', 'web/src', 'common']));
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
});
