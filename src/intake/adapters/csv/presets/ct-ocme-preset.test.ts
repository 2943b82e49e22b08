import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCsv } from '../../../../../test/support/reference-csv.js';
import { sharedData } from '../../../../../test/support/test-databases.js';
import { readCauseOfDeath } from '../../../standards/cause-of-death.js';
import { normalizeSubstances } from '../../../vocabulary/substances.js';
import { ctOcmePreset } from './ct-ocme-preset.js';

/** The Connecticut file's rows as column-to-cell records. */
function ctRows(): Record<string, string>[] {
  const rows = parseCsv(readFileSync(sharedData('real', 'ct_accidental_drug_deaths_2012_2022.csv'), 'utf8'));
  const header = rows[0] as string[];
  return rows.slice(1).map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] ?? ''])));
}

describe('ct-ocme preset', () => {
  const rows = ctRows();
  const mapped = (() => {
    const map = ctOcmePreset.begin();
    return rows.map((row) => map(row));
  })();

  it('keeps the ids it gave before it read the cause of death (a digest of every id of the file)', () => {
    const ids = mapped.map((m) => m.fields.source_record_id as string);
    assert.equal(new Set(ids).size, rows.length);
    // Computed with the preset as it was on main at 6ec7382, before the cause text was read.
    const digest = createHash('sha256').update(ids.join('\n')).digest('hex');
    assert.equal(digest, 'c4c33894f3603758dde2712f7e9d4c210144c4cce1b8065daec3242bd80925a6');
  });

  it('adds the substances the cause-of-death statements name to those the flags give', () => {
    const flagsOnly = (row: Record<string, string>) =>
      ctOcmePreset.begin()({ ...row, 'Cause of Death': '', 'Other Significant Conditions ': '' });
    let gained = 0;
    mapped.forEach((m, i) => {
      const row = rows[i] as Record<string, string>;
      const found = normalizeSubstances(m.fields.substances as string).values;
      const flagged = normalizeSubstances(flagsOnly(row).fields.substances as string).values;
      const named = readCauseOfDeath(
        `${row['Cause of Death']}; ${row['Other Significant Conditions ']}`,
      ).substances;
      assert.deepEqual(
        found.filter((c) => !flagged.includes(c) && !named.includes(c)),
        [],
        `row ${i + 1}: nothing but the flags and the statements`,
      );
      for (const code of [...flagged, ...named]) assert.ok(found.includes(code), `row ${i + 1}: ${code}`);
      if (named.some((c) => !flagged.includes(c))) gained++;
      assert.equal(m.fields.fatal, 'true');
    });
    console.log(`the statements add a substance the flags lack to ${gained} of ${rows.length} deaths`);
    assert.ok(gained > 0);
  });

  it('reads a row whose flags are empty from its statements, and flags a natural death', () => {
    const template = rows[0] as Record<string, string>;
    const row = Object.fromEntries(Object.keys(template).map((c) => [c, '']));
    Object.assign(row, {
      Date: '06/01/2022',
      Age: '40',
      Sex: 'Male',
      Race: 'White',
      InjuryCityGeo: 'HARTFORD, CT\n(41.76, -72.68)',
      'Cause of Death': 'Acute Fentanyl, Xylazine and Ethanol Toxicity',
      'Other Significant Conditions ': 'Recent Cocaine Use',
      'Manner of Death': 'Natural',
    });
    const { fields, problems = [] } = ctOcmePreset.begin()(row);
    assert.deepEqual((fields.substances as string).split(';'), [
      'fentanyl',
      'xylazine',
      'alcohol',
      'cocaine',
    ]);
    assert.deepEqual(
      problems.map((p) => [p.field, p.code, p.severity]),
      [['Manner of Death', 'NOT_AN_OVERDOSE_DEATH', 'flag']],
    );
  });
});
