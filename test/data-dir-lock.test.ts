import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { type SosRun, sos, startServer, stopServer } from './support/sos-process.js';

/** A refusal is one short message: the code, the directory and the holder, never a stack or a bundle. */
function assertCleanRefusal(run: SosRun, pattern: RegExp, what: string): void {
  assert.equal(run.code, 1, `${what}: exit code\n${run.stderr}`);
  assert.match(run.stderr, pattern, what);
  assert.doesNotMatch(run.stderr, /^\s+at /m, `${what}: no stack trace`);
  assert.ok(run.stderr.length < 1_500, `${what}: a short message, not ${run.stderr.length} characters`);
}

const NEW_PASSWORD = 'a long and unguessable passphrase 42';

/** Signs in through a server's API; resolves with the HTTP status. */
async function signIn(url: string, email: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: NEW_PASSWORD }),
  });
  return response.status;
}

describe('the embedded data directory is one process at a time', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    SOS_DATA_DIR: dir,
    DATABASE_URL: '',
    SOS_ADMIN_EMAIL: 'admin@hill.example',
    SOS_ADMIN_PASSWORD: NEW_PASSWORD,
    SOS_NEW_PASSWORD: NEW_PASSWORD,
    SOS_ALERT_SCHEDULE_MINUTES: '0',
  };
  const reportsCsv = path.join(dir, 'calls.csv');
  const layerFile = path.join(dir, 'squares.geojson');

  it('refuses every command that opens the database while sos start runs, and the server starts again with everything intact', async () => {
    writeFileSync(
      reportsCsv,
      'source_record_id,occurred_at,latitude,longitude,fatal\n1,2024-01-02T03:04,35.1,-97.2,no\n2,2024-01-03,35.2,-97.3,yes\n',
    );
    writeFileSync(
      layerFile,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'North' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [-98, 35],
                  [-97, 35],
                  [-97, 36],
                  [-98, 36],
                  [-98, 35],
                ],
              ],
            },
          },
        ],
      }),
    );
    const setup = [
      [
        'jurisdiction',
        'create',
        '--short-name',
        'hc',
        '--name',
        'Hill County',
        '--time-zone',
        'America/Chicago',
      ],
      ['organization', 'create', '--name', 'Hill EMS', '--type', 'ems'],
      ['import', reportsCsv, '--preset', 'generic', '--json'],
      ['user', 'create', '--email', 'analyst@hill.example', '--role', 'analyst'],
    ];
    for (const args of setup) {
      const done = await sos(args, env);
      assert.equal(done.code, 0, `${args.join(' ')}: ${done.stderr}`);
    }

    const server = await startServer(env, ['--no-demo']);
    const pid = server.child.pid as number;
    try {
      const refused = new RegExp(
        `^error DATA_DIR_LOCKED: The data directory ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by \`sos start\` \\(pid ${pid}\\b.*Stop that process`,
      );
      const whileServing = [
        ['import', reportsCsv, '--preset', 'generic', '--json'],
        ['layer', 'import', layerFile, '--name', 'Squares', '--id-property', 'name'],
        ['layer', 'list'],
        ['jurisdiction', 'create', '--short-name', 'vc', '--name', 'Vale County', '--time-zone', 'UTC'],
        ['jurisdiction', 'list'],
        ['organization', 'create', '--name', 'Vale PD', '--type', 'police'],
        ['organization', 'list'],
        ['user', 'create', '--email', 'second@hill.example', '--role', 'analyst'],
        ['apikey', 'create', '--name', 'CAD'],
        ['keys', 'reseal'],
        ['audit', 'verify'],
        [
          'report',
          'weekly',
          '--jurisdiction',
          'hc',
          '--week',
          '2024-W01',
          '--audience',
          'internal',
          '--out',
          path.join(dir, 'w1.html'),
        ],
        ['start', '--no-demo'],
      ];
      for (const args of whileServing) {
        assertCleanRefusal(await sos(args, env), refused, `sos ${args.slice(0, 2).join(' ')}`);
      }
      const lock = JSON.parse(readFileSync(path.join(dir, 'sos.lock'), 'utf8'));
      assert.deepEqual([lock.pid, lock.host, lock.command], [pid, hostname(), 'sos start']);
      const importRefusal = await sos(['import', reportsCsv, '--preset', 'generic'], env);
      assert.match(importRefusal.stderr, /POST \/api\/v1\/reports/);
      // The server was not disturbed: it still answers and signs the analyst in.
      assert.equal(await signIn(server.url, 'analyst@hill.example'), 200);
    } finally {
      await stopServer(server.child);
    }
    assert.equal(existsSync(path.join(dir, 'sos.lock')), false, 'a stopped server leaves no lock');

    const again = await startServer(env, ['--no-demo']);
    try {
      assert.equal(await signIn(again.url, 'analyst@hill.example'), 200);
      assert.equal(await signIn(again.url, 'admin@hill.example'), 200);
      assert.equal(
        await signIn(again.url, 'second@hill.example'),
        401,
        'the refused user create wrote nothing',
      );
    } finally {
      await stopServer(again.child);
    }
    const reimport = await sos(['import', reportsCsv, '--preset', 'generic', '--json'], env);
    assert.equal(reimport.code, 0, reimport.stderr);
    const { read, accepted, duplicates, rejected } = JSON.parse(
      reimport.stdout.trim().split('\n').at(-1) as string,
    );
    assert.deepEqual(
      { read, accepted, duplicates, rejected },
      { read: 2, accepted: 0, duplicates: 2, rejected: 0 },
    );
    const jurisdictions = await sos(['jurisdiction', 'list', '--json'], env);
    assert.deepEqual(
      JSON.parse(jurisdictions.stdout).map((j: { shortName: string }) => j.shortName),
      ['hc'],
    );
    const verify = await sos(['audit', 'verify', '--json'], env);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.equal(JSON.parse(verify.stdout).ok, true);
  });

  it('takes over the lock of a process that is gone, with a notice', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(gone.stdout.toString());
    writeFileSync(
      path.join(dir, 'sos.lock'),
      JSON.stringify({
        pid: deadPid,
        host: hostname(),
        started_at: '2024-01-01T00:00:00.000Z',
        command: 'start',
        token: 'crashed',
      }),
    );
    const list = await sos(['jurisdiction', 'list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stderr, new RegExp(`notice: took over the lock .*pid ${deadPid} .*no longer running`));
    assert.equal(existsSync(path.join(dir, 'sos.lock')), false);
  });

  it('names the directory when it holds no database, and creates none for a command that only reads', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'sos-empty-'));
    try {
      for (const args of [
        ['jurisdiction', 'list'],
        ['audit', 'verify'],
        ['organization', 'create', '--name', 'X', '--type', 'ems'],
      ]) {
        const run = await sos(args, { ...env, SOS_DATA_DIR: empty });
        assertCleanRefusal(
          run,
          new RegExp(`^error DATABASE_NOT_FOUND: There is no SOS database in ${empty}`),
          args.join(' '),
        );
      }
      assert.equal(existsSync(path.join(empty, 'pglite')), false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports a damaged database as one line naming its folder, not a WebAssembly abort and a bundle', async () => {
    const damaged = mkdtempSync(path.join(tmpdir(), 'sos-damaged-'));
    try {
      const damagedEnv = { ...env, SOS_DATA_DIR: damaged };
      const created = await sos(
        ['jurisdiction', 'create', '--short-name', 'hc', '--name', 'Hill County', '--time-zone', 'UTC'],
        damagedEnv,
      );
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stderr, new RegExp(`notice: there was no database in ${damaged}`));
      truncateSync(path.join(damaged, 'pglite', 'global', 'pg_control'), 0);
      const run = await sos(['jurisdiction', 'list'], damagedEnv);
      assertCleanRefusal(
        run,
        new RegExp(
          `^error DATABASE_UNREADABLE: The embedded database in ${damaged}/pglite could not be opened`,
        ),
        'jurisdiction list on a damaged directory',
      );
      assert.equal(existsSync(path.join(damaged, 'sos.lock')), false, 'a failed opening releases the lock');
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });
});
