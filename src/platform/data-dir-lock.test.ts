import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LOCK_FILE_NAME, lockDataDir } from './data-dir-lock.js';
import { SosError } from './errors.js';

describe('lockDataDir', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-lock-unit-'));
  const file = path.join(dir, LOCK_FILE_NAME);
  after(() => rmSync(dir, { recursive: true, force: true }));
  const notices: string[] = [];
  const notice = (line: string) => notices.push(line);

  it('lets one holder in, refuses the next while it lives, and frees the directory on release', () => {
    const first = lockDataDir(dir, { command: 'sos start' }, notice);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid);
    assert.throws(
      () => lockDataDir(dir, { command: 'import', instead: 'Send it to the server.' }, notice),
      (error: unknown) =>
        error instanceof SosError &&
        error.code === 'DATA_DIR_LOCKED' &&
        error.message.includes(`${dir} is in use by \`sos start\` (pid ${process.pid}`) &&
        error.message.includes('Send it to the server.'),
    );
    first.release();
    assert.equal(existsSync(file), false);
    lockDataDir(dir, { command: 'import' }, notice).release();
    assert.deepEqual(notices, []);
  });

  it('never removes a lock that another holder took after a takeover', () => {
    const mine = lockDataDir(dir, { command: 'start' }, notice);
    const theirs = {
      pid: process.pid,
      host: hostname(),
      started_at: 'now',
      command: 'start',
      token: 'theirs',
    };
    writeFileSync(file, JSON.stringify(theirs));
    mine.release();
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).token, 'theirs');
    rmSync(file);
  });

  it("refuses another host's lock, which it cannot prove stale, and says which file to delete", () => {
    writeFileSync(
      file,
      JSON.stringify({ pid: 1, host: `not-${hostname()}`, started_at: 'then', command: 'start', token: 't' }),
    );
    assert.throws(
      () => lockDataDir(dir, { command: 'import' }, notice),
      (error: unknown) =>
        error instanceof SosError &&
        error.message.includes(`If no SOS runs on not-${hostname()} any more, delete ${file}`),
    );
    rmSync(file);
  });

  it('takes over the lock of a pid now used by another process than the one that wrote it', () => {
    // This process's pid, written by a process of another boot: the pid was reused, the holder is gone.
    writeFileSync(
      file,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        started_at: '2020-01-01T00:00:00.000Z',
        command: 'sos start',
        token: 'old',
        process: 'a-boot-before-this-one:4242',
      }),
    );
    const lock = lockDataDir(dir, { command: 'sos import' }, notice);
    assert.match(notices.at(-1) ?? '', new RegExp(`pid ${process.pid} .*no longer running`));
    lock.release();
  });

  it('takes over an unreadable lock file with a notice', () => {
    writeFileSync(file, '{"pid":');
    const lock = lockDataDir(dir, { command: 'start' }, notice);
    assert.match(notices.at(-1) ?? '', /took over the unreadable lock file/);
    lock.release();
  });
});
