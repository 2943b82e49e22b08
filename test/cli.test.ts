import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createTestDatabase } from './support/postgres-cluster.js';
import { sos, startServer, stopServer } from './support/sos-process.js';
import { engines, sharedData } from './support/test-databases.js';

describe('sos start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the embedded database, loads the demo once, creates the administrator once, and serves', async () => {
    const env = {
      SOS_DATA_DIR: dataDir,
      SOS_ADMIN_EMAIL: '',
      SOS_ADMIN_PASSWORD: '',
      SOS_DEMO_PASSWORD: '',
      DATABASE_URL: '',
    };
    const first = await startServer(env);
    try {
      // The first start says what it loads before each step, so the minute it takes is not silent.
      for (let step = 1; step <= 6; step++)
        assert.match(first.output, new RegExp(`demo: loading, step ${step} of 6: `));
      assert.match(first.output, /demo: Connecticut towns layer, 169 towns \(169 with population\)/);
      assert.match(first.output, /demo: Connecticut OCME deaths: \{"read":10654,"accepted":\d+/);
      assert.match(first.output, /demo: Tempe EMS calls: \{"read":2743,"accepted":\d+/);
      assert.match(first.output, /demo: resource directory: 19 services/);
      const password = /administrator admin@sos\.local with password (\S+)/.exec(first.output)?.[1];
      assert.ok(password);
      const health = await fetch(`${first.url}/api/v1/health`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'pglite' });
      const page = await fetch(`${first.url}/`);
      assert.match(await page.text(), /<title>SOS/);
      const docs = (await (await fetch(`${first.url}/api/docs/json`)).json()) as {
        paths: Record<string, { post?: unknown }>;
      };
      assert.ok(docs.paths['/api/v1/reports']?.post);
      const login = await fetch(`${first.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@sos.local', password }),
      });
      assert.equal(login.status, 200);
      // The demo's analyst can sign in with the password shown once, and sees Connecticut's counts.
      const demoPassword = /demo: users analyst@demo\.sos\.local, .* with password (\S+)/.exec(
        first.output,
      )?.[1];
      assert.ok(demoPassword, first.output);
      const analyst = await fetch(`${first.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'analyst@demo.sos.local', password: demoPassword }),
      });
      assert.equal(analyst.status, 200);
      const cookie = (analyst.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const extent = (await (
        await fetch(`${first.url}/api/v1/aggregates/extent`, { headers: { cookie } })
      ).json()) as { first_day: string; last_day: string; total: number };
      // The OCME deaths of 2012-2022, then the demo's 400 synthetic reports of the two weeks before today.
      assert.deepEqual([extent.first_day, extent.total], ['2012-01-01', 10_646 + 400]);
      const twoWeeksAgo = new Date(Date.now() - 15 * 86_400_000).toISOString().slice(0, 10);
      assert.ok(extent.last_day > twoWeeksAgo, extent.last_day);
    } finally {
      await stopServer(first.child);
    }
    const second = await startServer(env);
    try {
      assert.doesNotMatch(second.output, /demo:|first start/);
    } finally {
      await stopServer(second.child);
    }
  });
});

for (const engine of engines) {
  describe(`sos import --json and sos audit verify [${engine}]`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sos-cli-'));
    let env: NodeJS.ProcessEnv = { SOS_DATA_DIR: dir, DATABASE_URL: '' };
    let drop = async () => {};
    after(async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints the counts as its last line, is idempotent, and keeps the audit chain intact', async () => {
      if (engine === 'postgres') {
        const database = await createTestDatabase(process.env.SOS_TEST_DATABASE_URL as string);
        env = { ...env, DATABASE_URL: database.url };
        drop = database.drop;
      }
      assert.equal(
        (
          await sos(
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
            env,
          )
        ).code,
        0,
      );
      const org = await sos(
        [
          'organization',
          'create',
          '--name',
          'Hill EMS',
          '--type',
          'ems',
          '--allow-raw-keys',
          'unit',
          '--json',
        ],
        env,
      );
      assert.equal(org.code, 0, org.stderr);
      const file = path.join(dir, 'calls.csv');
      writeFileSync(
        file,
        'source_record_id,occurred_at,latitude,longitude,fatal,SSN,unit,crew\n1,2024-01-02T03:04,35.1,-97.2,no,123-45-6789,M1,a\n2,2024-01-03,35.2,-97.3,yes,,M2,b\n3,2031-01-01,35.2,-97.3,no,,M3,c\n',
      );
      const first = await sos(['import', file, '--preset', 'generic', '--json'], env);
      assert.equal(first.code, 0, first.stderr);
      const last = first.stdout.trim().split('\n').at(-1) as string;
      assert.deepEqual(JSON.parse(last), {
        read: 3,
        accepted: 2,
        duplicates: 0,
        rejected: 1,
        skipped: 0,
        sealed_keys: ['SSN'],
        dropped_keys: ['crew'],
        windows_1252_rows: 0,
        outside_jurisdiction: 0,
        unplaced: 0,
        contact_flags: { no_phone: 1, no_address: 1 },
        notices: [],
      });
      const plain = await sos(['import', file, '--preset', 'generic'], env);
      assert.match(plain.stdout, /sealed with the person, not kept in the raw record: SSN\n/);
      assert.match(plain.stdout, /dropped \(not read by the preset nor allowed .*\): crew\n/);
      const again = await sos(['import', file, '--preset', 'generic', '--jurisdiction', 'hc', '--json'], env);
      assert.deepEqual(JSON.parse(again.stdout.trim().split('\n').at(-1) as string), {
        read: 3,
        accepted: 0,
        duplicates: 2,
        rejected: 1,
        skipped: 0,
        sealed_keys: ['SSN'],
        dropped_keys: ['crew'],
        windows_1252_rows: 0,
        outside_jurisdiction: 0,
        unplaced: 0,
        contact_flags: { no_phone: 0, no_address: 0 },
        notices: [],
      });
      const verify = await sos(['audit', 'verify', '--json'], env);
      assert.equal(verify.code, 0, verify.stdout);
      assert.equal(JSON.parse(verify.stdout).ok, true);
      const unknown = await sos(['import', file, '--preset', 'nope'], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /UNKNOWN_PRESET.*generic, tempe-ems, ct-ocme/);
    });

    it('imports a NEMSIS document with --preset nemsis, quarantining the record a NEMSIS rule refuses', async () => {
      const good = path.join(dir, 'overdose.xml');
      const bad = path.join(dir, 'fail-schematron.xml');
      copyFileSync(sharedData('nemsis', '2025-EMS-1-Overdose_v351.xml'), good);
      copyFileSync(sharedData('nemsis', 'fail', '2025-EMS-FailSchematron_v351.xml'), bad);
      const first = await sos(['import', good, '--preset', 'nemsis', '--json'], env);
      assert.equal(first.code, 0, first.stderr);
      const counts = JSON.parse(first.stdout.trim().split('\n').at(-1) as string);
      assert.deepEqual(
        [counts.read, counts.accepted, counts.rejected, counts.rejected_file],
        [1, 1, 0, null],
      );
      const again = await sos(['import', good, '--preset', 'nemsis'], env);
      assert.match(again.stdout, /1 PatientCareReports read, 0 accepted, 1 duplicates, 0 rejected\n/);
      const refused = await sos(['import', bad, '--preset', 'nemsis'], env);
      assert.equal(refused.code, 0, refused.stderr);
      assert.match(
        refused.stdout,
        /record 1 \(line \d+\) rejected: eSituation\.10: PatientCareReport 2025-EMS-5-CPMIH_v351: /,
      );
      assert.ok(existsSync(path.join(dir, 'fail-schematron.rejected.csv')));
    });

    it('reads a Windows-1252 file and says so', async () => {
      const file = path.join(dir, 'latin.csv');
      writeFileSync(
        file,
        Buffer.from(
          'source_record_id,occurred_at,latitude,longitude,narrative\n' +
            'w1,2024-01-02,35.1,-97.2,Pe\xf1a and M\xfcller\nw2,2024-01-02,35.1,-97.2,Zo\xeb\nw3,2024-01-02,35.1,-97.2,ok\n',
          'latin1',
        ),
      );
      const plain = await sos(['import', file, '--preset', 'generic'], env);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /3 accepted, 0 duplicates, 0 rejected\n/);
      assert.match(plain.stdout, /notice: decoded as Windows-1252: 2 rows had non-UTF-8 bytes\n/);
      const again = await sos(['import', file, '--preset', 'generic', '--json'], env);
      const counts = JSON.parse(again.stdout.trim().split('\n').at(-1) as string);
      assert.deepEqual([counts.duplicates, counts.windows_1252_rows], [3, 2]);
    });
  });
}
