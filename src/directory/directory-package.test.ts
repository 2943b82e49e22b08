import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestDatabase,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { readCsv } from '../platform/csv/read-csv.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { exportDirectory } from './directory-export.js';
import { importDirectory } from './directory-import.js';
import { listDirectoryRows, listServiceDetails } from './directory-repository.js';
import { readHsdsPackage } from './hsds-package.js';
import { hsdsTables } from './hsds-tables.js';
import { needsFromTerms } from './needs-from-taxonomy.js';

const EXAMPLE = sharedData('hsds', 'examples');
const NOW = new Date('2026-03-02T15:00:00Z');

/** A CSV file as its header and rows of cells, read by the project's parser. */
async function cellsOf(file: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  let header: string[] = [];
  const rows: Record<string, string>[] = [];
  for await (const item of readCsv(createReadStream(file), { fileName: path.basename(file) })) {
    if (item.kind === 'header') header = item.header;
    else if (item.kind === 'record') rows.push(item.fields);
    else assert.fail(`${file} row ${item.rowNumber} did not parse`);
  }
  return { header, rows };
}

/** A copy of the HSDS example to change. */
function exampleCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-hsds-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

const serviceId = 'ac148810-d857-441c-9679-408f346de14b';
const organizationId = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';

describeEachEngine('the directory as an HSDS package', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let jurisdictionId: string;
  let providerId: string;
  const folders: string[] = [];
  const folder = (dir: string) => {
    folders.push(dir);
    return dir;
  };
  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
    const seeded = await seedJurisdiction(db, { organizationType: 'treatment_provider' });
    jurisdictionId = seeded.jurisdiction.id;
    providerId = seeded.organization.id;
  });
  after(async () => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    await dispose();
  });

  it('imports the HSDS example, validates its export and exports it back equal, cell by cell', async () => {
    const source = folder(exampleCopy());
    writeFileSync(
      path.join(source, 'sos_service_details.csv'),
      'service_id,provider_organization_id,needs,moud,same_day_intake,walk_in_hours,capacity_status,waitlist_days,capacity_updated_at,insurance,cost,part2_program\r\n' +
        `${serviceId},${providerId},moud;mental_health,buprenorphine,true,Mon-Fri 8-11 am,waitlist,4,2026-03-01T12:00:00.000Z,medicaid;sliding_scale,$0-$20,true\r\n`,
    );
    const result = await importDirectory(db, cliActor, jurisdictionId, source, NOW);
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'reject'),
      [],
    );
    assert.equal(result.details, 1);
    // The example's quirks are said, and its rows kept: latitude 100 is a number, which is all the schema asks.
    const latitude = result.problems.find((p) => p.file === 'locations.csv' && p.field === 'latitude');
    assert.equal(latitude?.row, 1);
    assert.equal(latitude?.severity, 'flag');
    assert.ok(result.problems.some((p) => p.file === 'datapackage.json'));
    assert.equal(Object.keys(result.stored).length, 21);

    const out = folder(mkdtempSync(path.join(tmpdir(), 'sos-hsds-out-')));
    await exportDirectory(db, cliActor, jurisdictionId, out, NOW);
    for (const table of hsdsTables) {
      const before = await cellsOf(path.join(EXAMPLE, table.path));
      const after = await cellsOf(path.join(out, table.path));
      assert.deepEqual(after.header, before.header, table.path);
      assert.equal(after.rows.length, before.rows.length, table.path);
      before.rows.forEach((row, index) => {
        for (const column of before.header) {
          assert.equal(after.rows[index]?.[column], row[column], `${table.path} row ${index + 1} ${column}`);
        }
      });
    }
    const details = await cellsOf(path.join(out, 'sos_service_details.csv'));
    const sent = await cellsOf(path.join(source, 'sos_service_details.csv'));
    assert.deepEqual(details, sent);
    const exported = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
    const received = await readHsdsPackage(EXAMPLE);
    assert.deepEqual(exported.resources, received.resources);
    assert.equal(exported.resources.length, 21);

    // The export is a valid package (its datapackage.json reads), and importing it changes nothing.
    const reread = await readHsdsPackage(out);
    assert.deepEqual(
      reread.problems.filter((p) => p.severity === 'reject' || p.file === 'datapackage.json'),
      [],
    );
    const rowsBefore = await listDirectoryRows(db, jurisdictionId);
    await importDirectory(db, cliActor, jurisdictionId, out, NOW);
    assert.deepEqual(await listDirectoryRows(db, jurisdictionId), rowsBefore);
  });

  it('quarantines bad rows with file, row and field, and keeps the good ones', async () => {
    const source = folder(exampleCopy());
    const services = readFileSync(path.join(source, 'services.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const goodId = randomUUID();
    const badStatus = randomUUID();
    const orphan = randomUUID();
    const columns = (services[0] as string).split(',');
    const row = (values: Record<string, string>) => columns.map((c) => values[c] ?? '').join(',');
    services.push(
      row({ id: goodId, organization_id: organizationId, name: 'Harbor Clinic', status: 'active' }),
      row({ id: badStatus, organization_id: organizationId, name: 'Open Door', status: 'open' }),
      row({ id: orphan, organization_id: randomUUID(), name: 'Nowhere', status: 'active' }),
      row({ id: 'not-a-uuid', organization_id: organizationId, name: 'Bad id', status: 'active' }),
    );
    writeFileSync(path.join(source, 'services.csv'), `${services.join('\n')}\n`);
    const result = await importDirectory(db, cliActor, jurisdictionId, source, NOW);
    const refused = result.problems
      .filter((p) => p.severity === 'reject')
      .map((p) => [p.file, p.row, p.field]);
    assert.deepEqual(refused, [
      ['services.csv', 3, 'status'],
      ['services.csv', 4, 'organization_id'],
      ['services.csv', 5, 'id'],
    ]);
    assert.equal(result.stored.services, 2);
    const stored = (await listDirectoryRows(db, jurisdictionId, ['services'])).map((r) => r.id);
    assert.deepEqual(stored, [serviceId, goodId]);

    const cli = spawnSync(process.execPath, ['dist/src/main/cli.js', 'directory', 'validate', source], {
      encoding: 'utf8',
    });
    assert.equal(cli.status, 1, cli.stderr);
    assert.match(cli.stdout, /refused: services\.csv, row 3, status: .*active, inactive/);
    assert.match(cli.stdout, /refused: services\.csv, row 4, organization_id: names /);
    const example = spawnSync(process.execPath, ['dist/src/main/cli.js', 'directory', 'validate', EXAMPLE], {
      encoding: 'utf8',
    });
    assert.equal(example.status, 0, example.stdout);
  });

  it('refuses a folder that holds no HSDS table, and leaves the directory as it was', async () => {
    const before = await listDirectoryRows(db, jurisdictionId);
    const empty = folder(mkdtempSync(path.join(tmpdir(), 'sos-hsds-empty-')));
    await assert.rejects(
      importDirectory(db, cliActor, jurisdictionId, empty, NOW),
      (error: unknown) => error instanceof SosError && error.code === 'HSDS_PACKAGE_INVALID',
    );
    assert.deepEqual(await listDirectoryRows(db, jurisdictionId), before);
  });
  it("derives a service's needs from its taxonomy terms when the package brings no outreach fields", async () => {
    assert.deepEqual(needsFromTerms([{ name: 'Needle Exchange' }, { name: 'Naloxone distribution' }]), [
      'naloxone',
      'syringe_services',
    ]);
    const source = folder(exampleCopy());
    const attributes = readFileSync(path.join(source, 'attributes.csv'), 'utf8');
    writeFileSync(
      path.join(source, 'attributes.csv'),
      attributes.replace('f28dd44b-0c4d-479f-8e90-4c52219a8b3c', serviceId),
    );
    const terms = readFileSync(path.join(source, 'taxonomy_terms.csv'), 'utf8').split('\n');
    terms[1] = (terms[1] as string).replace(',code,name,', ',BD-1800.2000,Syringe Exchange Programs,');
    writeFileSync(path.join(source, 'taxonomy_terms.csv'), terms.join('\n'));
    const fresh = (await seedJurisdiction(db)).jurisdiction.id;
    const result = await importDirectory(db, cliActor, fresh, source, NOW);
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'reject'),
      [],
    );
    const [details] = await listServiceDetails(db, fresh, [serviceId]);
    assert.deepEqual(details?.needs, ['syringe_services']);
    assert.equal(details?.capacityStatus, 'unknown');
  });
});
