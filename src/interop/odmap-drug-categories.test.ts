import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { substances } from '../intake/vocabulary/substances.js';
import {
  odmapCategoriesOf,
  odmapCategoryOfSubstance,
  odmapDrugCategories,
  readOdmapCategory,
  substanceOfOdmapCategory,
} from './odmap-drug-categories.js';
import { odmapCsvLine, odmapRecordOf } from './odmap-record.js';

describe('ODMAP drug categories', () => {
  it('maps substances onto the categories a responder would pick (hand-written cases)', () => {
    const cases: [string[], string[]][] = [
      [['fentanyl'], ['Fentanyl']],
      [['fentanyl_analog'], ['Fentanyl Analog']],
      [['oxycodone', 'hydrocodone'], ['Prescription Opioid']],
      [['methadone'], ['Prescription Opioid']],
      [['any_opioid'], ['Other Opioid']],
      [
        ['heroin', 'cocaine', 'xylazine'],
        ['Heroin', 'Cocaine/Crack', 'Xylazine'],
      ],
      // The order is ODMAP's list, whatever the sources' order.
      [
        ['methamphetamine', 'fentanyl'],
        ['Fentanyl', 'Methamphetamine'],
      ],
      [['amphetamine'], ['Other Stimulant']],
      [
        ['cannabis', 'alcohol'],
        ['Alcohol', 'Marijuana'],
      ],
      [['gabapentin'], ['Other']],
      [[], ['Unknown']],
      [['unknown'], ['Unknown']],
      // A known drug beside "unknown" is what was suspected.
      [['unknown', 'heroin'], ['Heroin']],
    ];
    for (const [given, expected] of cases)
      assert.deepEqual(odmapCategoriesOf(given), expected, given.join(','));
  });

  it('gives every SOS substance a category, and an imported category maps back to itself', () => {
    for (const s of substances) assert.ok(odmapDrugCategories.includes(odmapCategoryOfSubstance[s]), s);
    for (const category of odmapDrugCategories) {
      assert.equal(odmapCategoryOfSubstance[substanceOfOdmapCategory[category]], category, category);
    }
  });

  it('reads the labels of ODMAP files, other spellings included, and nothing else', () => {
    assert.equal(readOdmapCategory('  fentanyl  analog '), 'Fentanyl Analog');
    assert.equal(readOdmapCategory('Carfentanil'), 'Fentanyl Analog');
    assert.equal(readOdmapCategory('crack'), 'Cocaine/Crack');
    assert.equal(readOdmapCategory('Rx Opioid'), 'Prescription Opioid');
    assert.equal(readOdmapCategory('bath salts'), null);
    assert.equal(readOdmapCategory(''), null);
  });
});

describe('ODMAP record', () => {
  const facts = {
    id: '0191f0c2-0000-7000-8000-000000000001',
    // 03:30 UTC on March 2 is 22:30 on March 1 in New York.
    occurredAt: new Date('2026-03-02T03:30:00Z'),
    timeKnown: true,
    latitude: 41.76581234567,
    longitude: -72.6734,
    fatal: null,
    naloxoneGiven: null,
    naloxoneDoses: 2,
    substances: ['fentanyl', 'xylazine'],
    agency: { id: '0191f0c2-0000-7000-8000-000000000002', name: '=Hartford, EMS' },
  };

  it("writes the local day and time, fatal or not, naloxone and the agency's name safely", () => {
    const record = odmapRecordOf(facts, 'America/New_York');
    assert.equal(record.incident_date, '2026-03-01');
    assert.equal(record.incident_time, '22:30');
    assert.equal(record.latitude, 41.765812);
    assert.equal(record.overdose_type, 'Non-Fatal');
    assert.equal(record.naloxone_administered, 'Yes');
    assert.deepEqual(record.suspected_drugs, ['Fentanyl', 'Xylazine']);
    assert.equal(
      odmapCsvLine(record),
      `${facts.id},2026-03-01,22:30,41.765812,-72.6734,Non-Fatal,Yes,2,Fentanyl; Xylazine,${facts.agency.id},"'=Hartford, EMS"\r\n`,
    );
  });

  it('leaves the time empty when no source gave one, and says Unknown for naloxone nobody recorded', () => {
    const record = odmapRecordOf(
      { ...facts, timeKnown: false, fatal: true, naloxoneDoses: null, naloxoneGiven: null },
      'America/New_York',
    );
    assert.equal(record.incident_time, null);
    assert.equal(record.overdose_type, 'Fatal');
    assert.equal(record.naloxone_administered, 'Unknown');
  });
});
