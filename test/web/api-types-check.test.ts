import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

// The tests run from the repository's root (npm test), where the script and the committed file are.
const ROOT = process.cwd();
const COMMITTED = path.join(ROOT, 'web', 'src', 'shared', 'api-types.ts');

/** Runs `scripts/api-types.mjs --check` against a file, as `npm test` runs it against the committed one. */
function check(file: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['scripts/api-types.mjs', '--check', '--file', file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the web API types check', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'sos-api-types-check-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('passes a copy of the committed types, which match the server', () => {
    const copy = path.join(work, 'same.ts');
    copyFileSync(COMMITTED, copy);
    const result = check(copy);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /matches the server's OpenAPI document/);
  });

  it('fails on a copy with one line changed, naming the line and the command that refreshes it', () => {
    const lines = readFileSync(COMMITTED, 'utf8').split('\n');
    // A path of the API, as if the server had moved it and the types were not refreshed.
    const at = lines.findIndex((line) => /^ {4}"\/api\//.test(line));
    assert.ok(at > 0, 'the committed types list the API paths');
    lines[at] = (lines[at] as string).replace('": {', '-moved": {');
    const drifted = path.join(work, 'drifted.ts');
    writeFileSync(drifted, lines.join('\n'));
    const result = check(drifted);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /out of date with the server's OpenAPI document/);
    assert.match(result.output, new RegExp(`first difference at line ${at + 1}\\b`));
    assert.match(result.output, /run npm run api:types/);
  });

  it('fails when the file is missing', () => {
    const result = check(path.join(work, 'missing.ts'));
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /the file is missing.*run npm run api:types/);
  });
});
