import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/** The repository's root: tests run from it (npm test). */
const ROOT = process.cwd();

/** SQL that names the persons table: only the vault (src/persons) may. */
const PERSONS_SQL = /\b(?:from|join|into|update)\s+persons\b/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

describe('the person vault', () => {
  it('is the only code that names the persons table in SQL', () => {
    const outside = sourceFiles('src').filter(
      (file) =>
        !file.startsWith(`src${path.sep}persons${path.sep}`) &&
        PERSONS_SQL.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    assert.deepEqual(outside, []);
  });
});
