import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_PASSWORD } from '../support/sign-in.js';

describe('sos user create', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-user-create-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = path.resolve('dist/src/main/cli.js');
  const sos = (args: string[], password: string) =>
    promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, SOS_DATA_DIR: dataDir, DATABASE_URL: '', SOS_NEW_PASSWORD: password },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('refuses a weak SOS_NEW_PASSWORD, and an email that a user of another jurisdiction has', async () => {
    for (const shortName of ['hc', 'vc']) {
      const args = [
        'jurisdiction',
        'create',
        '--short-name',
        shortName,
        '--name',
        shortName,
        '--time-zone',
        'UTC',
      ];
      const created = await sos(args, '');
      assert.equal(created.code, 0, created.stderr);
    }
    const create = (jurisdiction: string, email: string, password: string) =>
      sos(
        ['user', 'create', '--jurisdiction', jurisdiction, '--email', email, '--role', 'analyst'],
        password,
      );
    const weak = await create('hc', 'pat@example.org', 'qwerty123456');
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /error PASSWORD_TOO_WEAK: SOS_NEW_PASSWORD is too weak: it is a commonly used/);
    const first = await create('hc', 'pat@example.org', TEST_PASSWORD);
    assert.equal(first.code, 0, first.stderr);
    const again = await create('vc', ' Pat@Example.ORG', TEST_PASSWORD);
    assert.equal(again.code, 1, again.stdout);
    assert.match(again.stderr, /error EMAIL_TAKEN: Another user already has the email pat@example\.org/);
  });
});
