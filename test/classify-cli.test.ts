import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sos } from './support/sos-process.js';

const VISITS = path.resolve('test/fixtures/ed-chief-complaints/visits.csv');

describe('sos classify ed', () => {
  // It reads no database: an empty data folder that stays empty proves it.
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-classify-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { SOS_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };

  it('prints one JSON line per visit with its syndromes and why, the visit id as given', async () => {
    const run = await sos(['classify', 'ed', VISITS, '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 9);
    assert.deepEqual(lines[0], {
      visit_id: 'V1001',
      definitions: ['all_drug', 'opioid', 'heroin'],
      why: {
        all_drug: 'diagnosis code T40.1X1A (heroin poisoning, accidental)',
        opioid: 'diagnosis code T40.1X1A (heroin poisoning, accidental)',
        heroin: 'diagnosis code T40.1X1A (heroin poisoning, accidental)',
      },
    });
    assert.deepEqual(lines[1], { visit_id: 'V1002', definitions: [], why: {} });
    assert.deepEqual(lines[3]?.definitions, ['all_drug', 'opioid', 'fentanyl']);
    assert.match(
      String((lines[3]?.why as Record<string, string> | undefined)?.fentanyl),
      /fentanyl term "fentanil"/,
    );
    assert.equal(lines[7]?.visit_id, '', 'an empty visit id stays empty');
    assert.match(run.stderr, /row 7 \(line 8\): discharge_diagnosis: not ICD-10-CM codes, ignored: \?\?bad/);
    assert.match(run.stderr, /9 visits, 6 meet an overdose syndrome \(ed-syndromes v1\)/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('prints a line of text per visit with the rule that fired', async () => {
    const run = await sos(['classify', 'ed', VISITS], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[1], 'V1002\tnone');
    assert.equal(
      lines[4],
      'V1001\tall_drug,stimulant\tall_drug: diagnosis code T40.5X1A (cocaine poisoning, accidental); stimulant: diagnosis code T40.5X1A (cocaine poisoning, accidental)',
    );
  });

  it('names the row of an unreadable visit and the missing columns, and exits 1; a wrong command line exits 2', async () => {
    const ragged = path.join(dir, 'ragged.csv');
    writeFileSync(ragged, 'visit_id,chief_complaint,discharge_diagnosis\nA1,heroin od,\nA2,too,many,cells\n');
    const bad = await sos(['classify', 'ed', ragged, '--json'], env);
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout.trim().split('\n').length, 1, 'the good row is still classified');
    assert.match(bad.stderr, /ragged\.csv row 2 \(line 3\): /);
    const noColumn = path.join(dir, 'no-column.csv');
    writeFileSync(noColumn, 'visit_id,complaint\nA1,heroin od\n');
    const missing = await sos(['classify', 'ed', noColumn], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error CSV_MISSING_COLUMNS: .*chief_complaint/);
    assert.equal((await sos(['classify', VISITS], env)).code, 2);
    assert.equal((await sos(['classify', 'ed', path.join(dir, 'none.csv')], env)).code, 1);
  });
});
