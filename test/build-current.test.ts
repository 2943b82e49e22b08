import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm run build (run by npm start before every start)', () => {
  it('rewrites nothing when the build is current', async () => {
    // The suite runs from a fresh build, so every output is current here.
    const outputs = [
      'dist/src/main/cli.js',
      'dist/src/platform/database.js',
      'dist/web/assets/app.js',
      'dist/web/index.html',
    ];
    const before = outputs.map((f) => statSync(f).mtimeMs);
    const { stdout } = await run('npm', ['run', 'build'], { env: process.env });
    assert.deepEqual(
      outputs.map((f) => statSync(f).mtimeMs),
      before,
      'no output written again',
    );
    assert.match(stdout, /tsc: dist is current/);
    assert.match(stdout, /web: dist\/web is current/);
  });
});
