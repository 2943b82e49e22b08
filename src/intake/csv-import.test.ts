import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { parseCsv } from '../../test/support/reference-csv.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { SosError } from '../platform/errors.js';
import { importLayer } from '../surveillance/layer-service.js';
import { importCsvFile } from './csv-import-service.js';

describeEachEngine('sos import', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let dir: string;
  before(async () => {
    context = await openTestContext(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-import-'));
  });
  after(() => context.dispose());

  const importFile = async (filePath: string, presetName: string, timeZone = 'America/New_York') => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db, { timeZone });
    const run = () =>
      importCsvFile(context.intake, cliActor, {
        filePath,
        presetName,
        jurisdiction,
        organization,
        rejectedPath: path.join(dir, `${path.basename(filePath)}-${jurisdiction.shortName}.rejected.csv`),
      });
    return { jurisdiction, run };
  };

  it('imports every Tempe row or rejects it with a reason, and a second import adds nothing', async () => {
    const file = sharedData('real', 'tempe_opioid_ems_calls.csv');
    const rows = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    const header = rows[0] as string[];
    const data = rows.slice(1).filter((r) => r.length > 1);
    const lat = header.indexOf('Latitude_Random');
    const withoutLocation = data.filter((r) => r[lat] === '' || r[lat] === 'NULL').length;
    const { jurisdiction, run } = await importFile(file, 'tempe-ems', 'America/Phoenix');
    const first = await run();
    assert.equal(first.read, 2743);
    assert.equal(first.read, data.length);
    assert.equal(first.rejected, withoutLocation, 'the rows without coordinates are the rejected ones');
    assert.equal(first.accepted + first.rejected, 2743);
    assert.ok(first.rejectedFile && readFileSync(first.rejectedFile, 'utf8').includes('LOCATION') === false);
    const quarantine = parseCsv(readFileSync(first.rejectedFile as string, 'utf8'));
    assert.equal(quarantine.length - 1, withoutLocation);
    assert.deepEqual(quarantine[0]?.slice(0, 4), ['row', 'line', 'reasons', 'X']);
    assert.match(
      quarantine[1]?.[2] ?? '',
      /^latitude: latitude and longitude, or an address, ZIP, city or county, are required/,
    );
    const second = await run();
    assert.deepEqual(
      [second.accepted, second.duplicates, second.rejected],
      [0, first.accepted, first.rejected],
    );
    const [stored] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from overdoses where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.equal(stored?.n, first.accepted);
  });

  it('imports every Connecticut row or rejects it with a reason, and a second import adds nothing', async () => {
    const file = sharedData('real', 'ct_accidental_drug_deaths_2012_2022.csv');
    const rows = parseCsv(readFileSync(file, 'utf8'));
    const header = rows[0] as string[];
    const data = rows.slice(1);
    const city = (cell: string | undefined) => /^[^\n]*,[^\n]*\n\(/.test(cell ?? '');
    const [injury, death, residence] = ['InjuryCityGeo', 'DeathCityGeo', 'ResidenceCityGeo'].map((c) =>
      header.indexOf(c),
    ) as [number, number, number];
    const unlocatable = data.filter((r) => !city(r[injury]) && !city(r[death]) && !city(r[residence])).length;
    const { jurisdiction, run } = await importFile(file, 'ct-ocme');
    const first = await run();
    assert.equal(first.read, 10654);
    assert.equal(data.length, 10654);
    assert.equal(first.rejected, unlocatable);
    assert.equal(first.accepted, 10654 - unlocatable);
    const second = await run();
    assert.deepEqual(
      [second.accepted, second.duplicates, second.rejected],
      [0, first.accepted, first.rejected],
    );
    const [deaths] = await context.db.query<{ n: number; fatal: number }>(
      'select count(*)::int as n, count(*) filter (where fatal)::int as fatal from overdoses where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.deepEqual(deaths, { n: first.accepted, fatal: first.accepted });
  });

  it('keeps good rows and quarantines bad ones in a generic file with BOM, quoted newlines, ragged rows and invalid UTF-8', async () => {
    const header =
      'source_record_id,source_type,occurred_at,latitude,longitude,address,fatal,naloxone_given,naloxone_doses,naloxone_response,age,age_band,sex,race,ethnicity,substances,disposition,narrative';
    const lines = [
      `\uFEFF${header}`,
      'g-1,ems,2024-03-01T12:00:00Z,41.76,-72.67,,false,yes,2,responded,34,,M,White,Not Hispanic,fentanyl;cocaine,transported,"found in a car,\nresponsive after naloxone"',
      'g-2,ems,2024-03-02,41.3,-72.9,,no,no,,,,,F,,,,,',
      'g-3,ems,2024-03-03,41.3,-72.9,,no',
      'g-4,ems,not a date,41.3,-72.9,,,,,,,,,,,,,',
      'g-5,ems,2024-03-05,41.3,-72.9,,,,,,,,,,,,,BADBYTES',
      'g-6,police,2024-03-06,,,12 Main St Hartford,,,,,,,,,,,,',
    ];
    const text = `${lines.join('\r\n')}\r\n`;
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('BADBYTES');
    const file = path.join(dir, 'generic.csv');
    writeFileSync(
      file,
      Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe, 0x41]), bytes.subarray(at + 8)]),
    );
    const { run } = await importFile(file, 'generic');
    const summary = await run();
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [6, 3, 3]);
    const quarantine = parseCsv(readFileSync(summary.rejectedFile as string, 'utf8'));
    const reasons = new Map(quarantine.slice(1).map((r) => [r[3], r[2]]));
    assert.match(reasons.get('g-3') ?? '', /\(row\): .*expected 18 fields, found 7/);
    assert.match(reasons.get('g-4') ?? '', /occurred_at: not an ISO 8601 date/);
    assert.match(reasons.get('g-5') ?? '', /narrative: .*UTF-8/);
    assert.equal(
      quarantine[1]?.[1],
      '5',
      'the physical line of the row is reported (quoted newline counted)',
    );
    const [narrative] = await context.db.query<{ raw: Record<string, string> }>(
      "select raw from reports where source_record_id = 'g-1'",
    );
    assert.equal(narrative?.raw.narrative, 'found in a car,\nresponsive after naloxone');
  });

  it('applies a file in order: a repeated record id is a correction or a duplicate of the earlier row', async () => {
    const file = path.join(dir, 'repeats.csv');
    writeFileSync(
      file,
      [
        'source_record_id,occurred_at,latitude,longitude,fatal',
        'a,2024-02-01,41.3,-72.9,false',
        'b,2024-02-01,41.3,-72.9,false',
        'a,2024-02-01,41.3,-72.9,true',
        'b,2024-02-01,41.3,-72.9,false',
      ].join('\n'),
    );
    const { jurisdiction, run } = await importFile(file, 'generic');
    const summary = await run();
    assert.deepEqual([summary.accepted, summary.duplicates, summary.rejected], [3, 1, 0]);
    const versions = await context.db.query<{ source_record_id: string; version: number }>(
      'select source_record_id, version from reports where jurisdiction_id = $1 order by 1, 2',
      [jurisdiction.id],
    );
    assert.deepEqual(
      versions.map((v) => `${v.source_record_id}${v.version}`),
      ['a1', 'a2', 'b1'],
    );
    const [fatal] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from overdoses where jurisdiction_id = $1 and fatal',
      [jurisdiction.id],
    );
    assert.equal(fatal?.n, 1, 'the later row of a corrects the earlier one');
  });

  it('writes a batch mixing new rows, duplicates and corrections, with rollups equal to counts of the overdoses', async () => {
    const header = 'source_record_id,occurred_at,latitude,longitude,fatal,sex';
    const first = path.join(dir, 'mixed-1.csv');
    writeFileSync(
      first,
      [header, 'm1,2024-03-01,41.3,-72.9,false,male', 'm2,2024-03-02,41.5,-72.7,false,female'].join('\n'),
    );
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      timeZone: 'America/New_York',
    });
    const run = (filePath: string) =>
      importCsvFile(context.intake, cliActor, {
        filePath,
        presetName: 'generic',
        jurisdiction,
        organization,
        rejectedPath: path.join(dir, `${path.basename(filePath)}.rejected.csv`),
      });
    await run(first);
    const second = path.join(dir, 'mixed-2.csv');
    writeFileSync(
      second,
      [
        header,
        'm1,2024-03-01,41.3,-72.9,false,male',
        'm3,2024-03-03,41.6,-72.6,true,male',
        'm2,2024-03-04,41.5,-72.7,true,female',
        'm4,2024-03-03,41.7,-72.8,false,unknown',
      ].join('\n'),
    );
    const summary = await run(second);
    assert.deepEqual([summary.accepted, summary.duplicates, summary.rejected], [3, 1, 0]);
    const [stored] = await context.db.query<{ overdoses: number; reports: number }>(
      `select (select count(*)::int from overdoses where jurisdiction_id = $1) as overdoses,
              (select count(*)::int from reports where jurisdiction_id = $1) as reports`,
      [jurisdiction.id],
    );
    assert.deepEqual(stored, { overdoses: 4, reports: 5 });
    const mismatches = await context.db.query(
      `with counted as (
         select occurred_date as day, count(*)::int as n,
           count(*) filter (where fatal)::int as fatal from overdoses where jurisdiction_id = $1 group by 1),
       rolled as (
         select day, sum(count)::int as n, (sum(count) filter (where fatal = 'fatal'))::int as fatal
         from daily_area_counts where jurisdiction_id = $1 and layer_id = '' and count <> 0 group by 1)
       select * from counted full join rolled using (day)
       where counted.n is distinct from rolled.n or coalesce(counted.fatal, 0) is distinct from coalesce(rolled.fatal, 0)`,
      [jurisdiction.id],
    );
    assert.deepEqual(mismatches, [], 'area counts by day equal the overdoses by day');
    const dimensions = await context.db.query<{ value: string; n: number }>(
      `select value, sum(count)::int as n from daily_dimension_counts
       where jurisdiction_id = $1 and dimension = 'sex' group by 1 having sum(count) <> 0 order by 1`,
      [jurisdiction.id],
    );
    assert.deepEqual(dimensions, [
      { value: 'female', n: 1 },
      { value: 'male', n: 2 },
      { value: 'unknown', n: 1 },
    ]);
  });

  it('reads a Windows-1252 file as such, stores its text intact and says so in the summary', async () => {
    // The bytes a spreadsheet saved as "CSV" on Windows writes: ñ F1, ü FC, ë EB, ’ 92.
    const file = path.join(dir, 'windows-1252.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('source_record_id,occurred_at,latitude,longitude,address,narrative\r\n', 'latin1'),
        Buffer.from('w-1,2024-03-01,41.76,-72.67,1 Main St,found by a neighbour\r\n', 'latin1'),
        Buffer.from('w-2,2024-03-02,41.76,-72.67,12 Calle Pe\xf1a,seen by Dr. M\xfcller\r\n', 'latin1'),
        Buffer.from('w-3,2024-03-03,41.76,-72.67,3 Elm St,Zo\xeb\x92s friend called\r\n', 'latin1'),
      ]),
    );
    const { jurisdiction, run } = await importFile(file, 'generic');
    const summary = await run();
    assert.deepEqual(
      [summary.read, summary.accepted, summary.rejected, summary.windows1252Rows],
      [3, 3, 0, 2],
    );
    assert.deepEqual(summary.notices, ['decoded as Windows-1252: 2 rows had non-UTF-8 bytes']);
    const stored = await context.db.query<{ raw: Record<string, string> }>(
      'select raw from reports where jurisdiction_id = $1 order by source_record_id',
      [jurisdiction.id],
    );
    assert.deepEqual(
      stored.map((r) => [r.raw.address, r.raw.narrative]),
      [
        ['1 Main St', 'found by a neighbour'],
        ['12 Calle Peña', 'seen by Dr. Müller'],
        ['3 Elm St', 'Zoë’s friend called'],
      ],
    );
    assert.ok(!JSON.stringify(stored).includes('\ufffd'), 'no replacement character is stored');
  });

  it('flags and counts rows whose point is outside every town, only when the jurisdiction has a layer', async () => {
    const file = path.join(dir, 'out-of-area.csv');
    writeFileSync(
      file,
      [
        'source_record_id,occurred_at,latitude,longitude,address',
        'o-1,2024-03-01,42.024,-72.6,', // Enfield, 200 m south of the Massachusetts line
        'o-2,2024-03-01,42.028,-72.6,', // Longmeadow, Massachusetts, 250 m north of it
        'o-3,2024-03-01,,,12 Main St Hartford',
        '',
      ].join('\n'),
    );
    const withLayer = await importFile(file, 'generic');
    await importLayer(context, cliActor, {
      jurisdiction: withLayer.jurisdiction,
      geojsonPath: sharedData('geo', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    const summary = await withLayer.run();
    assert.deepEqual([summary.accepted, summary.outsideJurisdiction], [3, 1]);
    const flags = await context.db.query<{ id: string; flags: { code: string; message: string }[] | null }>(
      'select source_record_id as id, flags from reports where jurisdiction_id = $1 order by source_record_id',
      [withLayer.jurisdiction.id],
    );
    assert.deepEqual(
      flags.map((r) => [r.id, (r.flags ?? []).map((f) => f.code)]),
      [
        ['o-1', []],
        ['o-2', ['OUTSIDE_JURISDICTION']],
        ['o-3', []],
      ],
    );
    assert.match(flags[1]?.flags?.[0]?.message ?? '', /\(42\.028, -72\.6\) is in no area of the layer towns/);
    const withoutLayer = await importFile(file, 'generic');
    const plain = await withoutLayer.run();
    assert.deepEqual([plain.accepted, plain.outsideJurisdiction], [3, 0]);
  });

  it("counts the rows naming a person whose contact details are unusable, reading the file's own columns", async () => {
    const file = path.join(dir, 'contacts.csv');
    writeFileSync(
      file,
      [
        'source_record_id,occurred_at,latitude,longitude,Last Name,Cell Phone,Home Address',
        'c-1,2024-03-01,41.76,-72.67,Lee,(860) 555-0100,12 Elm St',
        'c-2,2024-03-01,41.76,-72.67,Park,555-0100,12 Elm St',
        'c-3,2024-03-01,41.76,-72.67,Moss,,',
        'c-4,2024-03-01,41.76,-72.67,,,',
        '',
      ].join('\n'),
    );
    const summary = await (await importFile(file, 'generic')).run();
    assert.equal(summary.accepted, 4);
    assert.deepEqual(summary.sealedKeys.sort(), ['Cell Phone', 'Home Address', 'Last Name']);
    // c-2's number cannot be dialled and c-3 gave neither; c-4 named nobody, so it is not counted.
    assert.deepEqual(summary.contactFlags, { no_phone: 2, no_address: 1 });
  });

  it('refuses whole files that cannot be read, naming the file and what is wrong', async () => {
    const cases: [string, string, string, RegExp][] = [
      ['empty.csv', '', 'FILE_EMPTY', /empty\.csv is empty/],
      ['columns.csv', 'source_record_id,latitude\nx,41\n', 'CSV_MISSING_COLUMNS', /occurred_at/],
      [
        'semicolons.csv',
        'source_record_id;occurred_at;latitude;longitude\nx;2024-01-01;41;-72\n',
        'CSV_WRONG_DELIMITER',
        /semicolon/,
      ],
      [
        'unclosed.csv',
        'source_record_id,occurred_at,"latitude,longitude\nx,2024-01-01,41,-72\n',
        'CSV_MALFORMED',
        /line 1/,
      ],
    ];
    for (const [name, content, code, message] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      const { run } = await importFile(file, 'generic');
      await assert.rejects(run(), (error: unknown) => {
        assert.ok(error instanceof SosError, String(error));
        assert.equal(error.code, code);
        assert.match(error.message, message);
        return true;
      });
    }
    const { run } = await importFile(path.join(dir, 'missing.csv'), 'generic');
    await assert.rejects(run(), { code: 'FILE_NOT_FOUND' });
    assert.equal(existsSync(path.join(dir, 'missing.rejected.csv')), false);
  });
});
