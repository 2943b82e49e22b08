import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { normalizeAge } from './age.js';
import { normalizeEthnicity } from './ethnicity.js';
import type { Normalized } from './normalized.js';
import { normalizeRace } from './race.js';
import { normalizeSex } from './sex.js';
import { normalizeSubstances } from './substances.js';

const realData = path.resolve(process.cwd(), '..', 'shared', 'data', 'real');

/** Reads a comma-separated file with quoted fields (which may hold commas, quotes and newlines). */
function readCsv(file: string): Record<string, string>[] {
  const text = readFileSync(path.join(realData, file), 'utf8').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
}

function distinct(rows: Record<string, string>[], column: string): string[] {
  const values = new Set(rows.map((row) => row[column]));
  assert.ok(!values.has(undefined), `column ${column} exists`);
  return [...values].filter((value): value is string => value !== undefined);
}

function assertAllKnown(values: string[], normalize: (raw: string) => Normalized<string>): void {
  for (const raw of values) {
    const result = normalize(raw);
    assert.ok(result.known, `"${raw}" is mapped`);
    if (raw.trim() !== '') assert.notEqual(result.value, null, `"${raw}" gets a code`);
  }
}

describe('real data: Connecticut accidental drug deaths 2012-2022', () => {
  const rows = readCsv('ct_accidental_drug_deaths_2012_2022.csv');

  it('is read whole, with the quoted multi-line fields kept inside their rows', () => {
    assert.equal(rows.length, 10654);
    assert.match(rows[0]?.ResidenceCityGeo ?? '', /^OAKVILLE, CT\n\(41\.\d+, -73\.\d+\)$/);
  });

  it('maps every Race value', () => assertAllKnown(distinct(rows, 'Race'), normalizeRace));
  it('maps every Ethnicity value', () => assertAllKnown(distinct(rows, 'Ethnicity'), normalizeEthnicity));
  it('maps every Sex value', () => assertAllKnown(distinct(rows, 'Sex'), normalizeSex));

  it('reads every Age as a valid age', () => {
    for (const raw of distinct(rows, 'Age')) {
      const result = normalizeAge(raw, null);
      assert.deepEqual(result.problems, [], raw);
      if (raw !== '') assert.equal(result.age, Number(raw));
    }
  });

  it('maps every toxicology column name to exactly one substance', () => {
    const header = Object.keys(rows[0] ?? {});
    const columns = header.slice(header.indexOf('Heroin'), header.indexOf('Other') + 1);
    assert.equal(columns.length, 23);
    for (const column of columns) {
      const result = normalizeSubstances(column);
      assert.equal(result.values.length, 1, `${column} -> ${result.values.join(', ')}`);
      assert.deepEqual(result.unknown, [], column);
    }
  });

  it('maps at least 90% of the free-text "Other" toxicology entries whole', () => {
    const entries = rows.map((row) => row.Other ?? '').filter((other) => other.trim() !== '');
    const mapped = entries.filter((other) => normalizeSubstances(other).unknown.length === 0);
    assert.ok(entries.length > 600, `${entries.length} entries`);
    assert.ok(mapped.length / entries.length >= 0.9, `${mapped.length} of ${entries.length}`);
  });
});

describe('real data: Tempe opioid EMS calls', () => {
  const rows = readCsv('tempe_opioid_ems_calls.csv');

  it('is read whole', () => assert.equal(rows.length, 2743));

  it('maps every Patient_Gender value', () => assertAllKnown(distinct(rows, 'Patient_Gender'), normalizeSex));

  it('reads every Age band', () => {
    for (const raw of distinct(rows, 'Age')) {
      const result = normalizeAge(null, raw);
      assert.deepEqual(result.problems, [], raw);
      if (raw !== 'Unknown') assert.notEqual(result.ageBand, null, raw);
    }
  });
});
