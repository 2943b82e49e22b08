import fc from 'fast-check';
import { hostileText } from './fuzz-run.js';

/** A CSV file to import through one preset, as fast-check generates it (JSON, so a regression can keep it). */
export interface CsvCase {
  preset: string;
  /** Rows built to be valid: each must be stored when the file is otherwise intact. */
  valid: { rank: number; cells: Record<string, string> }[];
  /** Valid rows with some cells replaced by hostile text (index into the header). */
  bad: { rank: number; cells: Record<string, string>; hostile: [number, string][] }[];
  /** Extra columns: a name and the value every row holds. */
  extra: [string, string][];
  /** A column of the header left out (index), which may be a required one. */
  dropColumn: number | null;
  batchSize: number;
  lineEnding: '\n' | '\r\n';
  /** Damage to the file's bytes after it is written. */
  damage:
    | null
    | { kind: 'truncate'; at: number }
    | { kind: 'insert'; at: number; text: string }
    | {
        kind: 'latin1';
        at: number;
      };
}

/** What a preset's valid rows look like: the header and a row of fields, its record id given. */
interface PresetShape {
  columns: string[];
  row: fc.Arbitrary<(id: string) => Record<string, string>>;
  /** The source_record_id a row's id becomes, when the preset keeps one (ct-ocme hashes the row). */
  recordId?: (id: string, cells: Record<string, string>) => string;
}

const day = fc.date({
  min: new Date('2015-01-01T00:00:00Z'),
  max: new Date('2025-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const decimal = (min: number, max: number) =>
  fc
    .integer({ min: Math.round(min * 10_000), max: Math.round(max * 10_000) })
    .map((n) => (n / 10_000).toFixed(4));
const usDate = (d: Date) =>
  `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
const age = fc.integer({ min: 0, max: 99 }).map(String);

const shapes: Record<string, PresetShape> = {
  generic: {
    columns: [
      'source_record_id',
      'source_type',
      'occurred_at',
      'latitude',
      'longitude',
      'fatal',
      'naloxone_given',
      'age',
      'sex',
      'substances',
    ],
    row: fc
      .record({
        sourceType: fc.constantFrom('ems', 'police', 'fire'),
        at: day,
        lat: decimal(41.0, 42.0),
        lon: decimal(-73.6, -71.8),
        fatal: fc.constantFrom('true', 'false', 'yes', 'no', ''),
        naloxone: fc.constantFrom('true', 'false', ''),
        age: fc.option(age, { nil: '' }),
        sex: fc.constantFrom('M', 'F', ''),
        substances: fc.subarray(['fentanyl', 'cocaine', 'heroin']).map((s) => s.join(';')),
      })
      .map((v) => (id: string) => ({
        source_record_id: id,
        source_type: v.sourceType,
        occurred_at: v.at.toISOString(),
        latitude: v.lat,
        longitude: v.lon,
        fatal: v.fatal,
        naloxone_given: v.naloxone,
        age: v.age,
        sex: v.sex,
        substances: v.substances,
      })),
    recordId: (id) => id,
  },
  'tempe-ems': {
    columns: [
      'OBJECTID',
      'Incident_Date',
      'Latitude_Random',
      'Longitude_Random',
      'Narcan_Given',
      'Age',
      'Patient_Gender',
      'Opioid_Use',
    ],
    row: fc
      .record({
        at: day,
        lat: decimal(33.32, 33.45),
        lon: decimal(-111.98, -111.88),
        narcan: fc.constantFrom('Yes', 'No', 'NULL'),
        age: fc.constantFrom('40 to 44', '25 to 29', 'NULL'),
        gender: fc.constantFrom('Male', 'Female', 'Unknown'),
        opioid: fc.constantFrom('Yes', 'No', 'Unknown'),
      })
      .map((v) => (id: string) => ({
        OBJECTID: id,
        Incident_Date: `${v.at.toISOString().slice(0, 10).replaceAll('-', '/')} 00:00:00+00`,
        Latitude_Random: v.lat,
        Longitude_Random: v.lon,
        Narcan_Given: v.narcan,
        Age: v.age,
        Patient_Gender: v.gender,
        Opioid_Use: v.opioid,
      })),
    recordId: (id) => id,
  },
  'ct-ocme': {
    columns: [
      'Date',
      'Age',
      'Sex',
      'Race',
      'Ethnicity',
      'InjuryCityGeo',
      'DeathCityGeo',
      'ResidenceCityGeo',
      'Fentanyl',
      'Cause of Death',
      'Manner of Death',
      // The file has no record ids: a column the preset does not read holds the case's, so rows differ.
      'x_case',
    ],
    row: fc
      .record({
        at: day,
        age,
        sex: fc.constantFrom('Male', 'Female'),
        race: fc.constantFrom('White', 'Black', ''),
        city: fc.constantFrom('HARTFORD, CT\n(41.7637, -72.6851)', 'WATERBURY, CT\n(41.5549, -73.0465)'),
        fentanyl: fc.constantFrom('Y', ''),
      })
      .map((v) => (id: string) => ({
        Date: usDate(v.at),
        Age: v.age,
        Sex: v.sex,
        Race: v.race,
        Ethnicity: '',
        InjuryCityGeo: v.city,
        DeathCityGeo: '',
        ResidenceCityGeo: 'CT\n(41.5735, -72.7383)',
        Fentanyl: v.fentanyl,
        'Cause of Death': 'Acute fentanyl intoxication',
        'Manner of Death': 'Accident',
        x_case: id,
      })),
  },
  'ed-syndromic': {
    columns: [
      'visit_id',
      'visit_time',
      'facility',
      'zip',
      'chief_complaint',
      'discharge_diagnosis',
      'age',
      'sex',
    ],
    row: fc
      .record({
        at: day,
        facility: fc.constantFrom('General Hospital', 'Saint Mary'),
        zip: fc.constantFrom('06103', '06106', '06114'),
        complaint: fc.constantFrom(
          'OD on fentanyl',
          'found unresponsive, heroin per friend',
          'ankle sprain',
          '',
        ),
        age: fc.option(age, { nil: '' }),
        sex: fc.constantFrom('M', 'F', ''),
      })
      .map((v) => (id: string) => ({
        visit_id: id,
        visit_time: v.at.toISOString().slice(0, 19),
        facility: v.facility,
        zip: v.zip,
        chief_complaint: v.complaint,
        // A heroin poisoning code: every valid visit meets an overdose syndrome.
        discharge_diagnosis: 'T40.1X1A',
        age: v.age,
        sex: v.sex,
      })),
    recordId: (id, cells) => `${cells.facility}:${id}`,
  },
  'medical-examiner': {
    columns: [
      'case_number',
      'date_of_death',
      'latitude',
      'longitude',
      'age',
      'sex',
      'cause_of_death',
      'manner',
    ],
    row: fc
      .record({
        at: day,
        lat: decimal(41.0, 42.0),
        lon: decimal(-73.6, -71.8),
        age,
        sex: fc.constantFrom('Male', 'Female', ''),
        manner: fc.constantFrom('Accident', 'Undetermined'),
      })
      .map((v) => (id: string) => ({
        case_number: id,
        date_of_death: usDate(v.at),
        latitude: v.lat,
        longitude: v.lon,
        age: v.age,
        sex: v.sex,
        cause_of_death: 'Acute fentanyl and cocaine intoxication',
        manner: v.manner,
      })),
    recordId: (id) => id,
  },
};

/** The presets the fuzzer knows valid rows of. */
export const fuzzedPresets = Object.keys(shapes);

/** The record id a valid row's id is stored under, when the preset keeps ids. */
export function storedRecordId(preset: string, id: string, cells: Record<string, string>): string | null {
  return (shapes[preset] as PresetShape).recordId?.(id, cells) ?? null;
}

/** Generated files for one preset. */
export function csvCases(preset: string): fc.Arbitrary<CsvCase> {
  const shape = shapes[preset] as PresetShape;
  const row = shape.row;
  const width = shape.columns.length;
  const columnName = fc.oneof(fc.stringMatching(/^x_[a-z0-9]{1,8}$/), hostileText);
  return fc.record({
    preset: fc.constant(preset),
    valid: fc.array(fc.record({ rank: fc.nat(20), cells: row.map((make) => make('')) }), { maxLength: 6 }),
    bad: fc.array(
      fc.record({
        rank: fc.nat(20),
        cells: row.map((make) => make('')),
        hostile: fc.array(fc.tuple(fc.nat(width - 1), hostileText), { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 6 },
    ),
    extra: fc.array(fc.tuple(columnName, hostileText), { maxLength: 2 }),
    dropColumn: fc.option(fc.nat(width - 1), { nil: null, freq: 8 }),
    batchSize: fc.integer({ min: 1, max: 4 }),
    lineEnding: fc.constantFrom('\n' as const, '\r\n' as const),
    damage: fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: hostileText }),
        fc.record({ kind: fc.constant('latin1' as const), at: fc.nat() }),
      ),
      { nil: null, freq: 4 },
    ),
  });
}

/** The id of the valid row at an index (bad rows get their own, unless a hostile cell replaces it). */
export const validId = (index: number) => `v${index}-ok`;
const badId = (index: number) => `b${index}-bad`;

/** The file a case describes: its bytes, and the row numbers of its valid rows when the file is intact. */
export function csvFile(c: CsvCase): {
  bytes: Buffer;
  intact: boolean;
  validRows: Map<number, { index: number; cells: Record<string, string> }>;
} {
  const shape = shapes[c.preset] as PresetShape;
  const idColumn = c.preset === 'ct-ocme' ? 'x_case' : (shape.columns[0] as string);
  const header = shape.columns.filter((_, i) => i !== c.dropColumn);
  const extraNames = c.extra.map(([name]) => name);
  const rows: { rank: number; valid: number | null; cells: Record<string, string> }[] = [
    ...c.valid.map((r, i) => ({ rank: r.rank, valid: i, cells: { ...r.cells, [idColumn]: validId(i) } })),
    ...c.bad.map((r, i) => {
      const cells = { ...r.cells, [idColumn]: badId(i) };
      for (const [column, text] of r.hostile) cells[shape.columns[column] as string] = text;
      return { rank: r.rank, valid: null, cells };
    }),
  ];
  rows.sort((a, b) => a.rank - b.rank);
  const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  const lines = [[...header, ...extraNames].map(quote).join(',')];
  const validRows = new Map<number, { index: number; cells: Record<string, string> }>();
  rows.forEach((row, index) => {
    lines.push([...header.map((h) => row.cells[h] ?? ''), ...c.extra.map(([, v]) => v)].map(quote).join(','));
    if (row.valid !== null) validRows.set(index + 1, { index: row.valid, cells: row.cells });
  });
  let bytes = Buffer.from(lines.join(c.lineEnding) + c.lineEnding, 'utf8');
  if (c.damage) {
    const at = c.damage.at % (bytes.length + 1);
    if (c.damage.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (c.damage.kind === 'insert')
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(c.damage.text, 'utf8'), bytes.subarray(at)]);
    else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe9]), bytes.subarray(at)]);
  }
  const safeExtra = extraNames.every((name) => /^x_[a-z0-9]{1,8}$/.test(name));
  const intact = c.damage === null && c.dropColumn === null && safeExtra;
  return { bytes, intact, validRows };
}
