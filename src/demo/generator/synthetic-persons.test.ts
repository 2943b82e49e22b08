import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distanceKm, towns } from './connecticut.js';
import { formatCsvRow } from './csv-row.js';
import { generateRecords, planDataset, type SyntheticRecord } from './dataset.js';
import { birthDateForAge, withSyntheticPersons } from './synthetic-persons.js';

/** Age in whole years on a day, counted by calendar fields (not by the generator's arithmetic). */
function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const settings = { events: 20_000, days: 120, seed: 7, end: '2024-05-01' };
const programTowns = ['Hartford', 'New Haven', 'Waterbury'];
const plain = [...generateRecords(planDataset(settings))];
const withPersons = [
  ...withSyntheticPersons(generateRecords(planDataset(settings)), {
    seed: 7,
    towns: programTowns,
    share: 0.75,
  }),
];
const persons = withPersons.filter((r) => r.person);

/** Whether a record may carry a person: non-fatal, from EMS, within one spread of a program town's centre. */
const eligible = (r: SyntheticRecord) =>
  !r.facts.fatal &&
  r.facts.sourceType === 'ems' &&
  towns.some(
    (t) =>
      programTowns.includes(t.name) && distanceKm({ lat: r.latitude, lon: r.longitude }, t) <= t.spreadKm,
  );

describe('synthetic persons', () => {
  it('adds the person field only: every other field of every record, and the CSV, stay as they were', () => {
    assert.equal(withPersons.length, plain.length);
    withPersons.forEach((record, i) => {
      const { person: _person, ...rest } = record;
      assert.deepEqual(rest, plain[i]);
      assert.equal(formatCsvRow(record), formatCsvRow(plain[i] as SyntheticRecord));
    });
  });

  it('gives a person to about the asked share of the non-fatal EMS overdoses near the towns, and to no other', () => {
    const candidates = plain.filter(eligible);
    assert.ok(candidates.length > 500, `${candidates.length} candidates`);
    assert.ok(persons.every(eligible));
    const share = persons.length / candidates.length;
    assert.ok(Math.abs(share - 0.75) < 0.05, `share ${share}`);
  });

  it('is the same for the same seed, and another seed draws other people', () => {
    const again = [
      ...withSyntheticPersons(generateRecords(planDataset(settings)), {
        seed: 7,
        towns: programTowns,
        share: 0.75,
      }),
    ];
    assert.deepEqual(again, withPersons);
    const other = [
      ...withSyntheticPersons(generateRecords(planDataset(settings)), {
        seed: 8,
        towns: programTowns,
        share: 0.75,
      }),
    ];
    const names = (records: SyntheticRecord[]) =>
      records.map((r) =>
        r.person ? `${r.person.first_name} ${r.person.last_name} ${r.person.birth_date}` : '',
      );
    assert.notDeepEqual(names(other), names(withPersons));
  });

  it('makes birth dates that give the age of the report on the day of the overdose', () => {
    for (const record of persons) {
      const person = record.person as NonNullable<SyntheticRecord['person']>;
      const age = ageOn(person.birth_date, record.occurredAt.slice(0, 10));
      if (record.facts.age !== undefined) assert.equal(age, record.facts.age, record.sourceRecordId);
      else if (record.facts.ageBand !== undefined) {
        const low = Number.parseInt(record.facts.ageBand, 10);
        assert.ok(
          age >= low && age <= low + 4,
          `${record.sourceRecordId}: ${age} in ${record.facts.ageBand}`,
        );
      } else assert.ok(age >= 18 && age <= 64, `${record.sourceRecordId}: ${age}`);
    }
    // The whole possible year and no more: the earliest and latest dates drawn give the age, and the
    // day before the earliest or after the latest would not (Feb 29 and year ends included).
    const lowest = { integer: (min: number) => min };
    const highest = { integer: (_: number, max: number) => max };
    const shift = (date: string, days: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    for (const [day, age] of [
      ['2024-02-29', 30],
      ['2024-02-28', 31],
      ['2023-03-01', 41],
      ['2024-01-01', 0],
      ['2023-12-31', 99],
    ] as const) {
      const earliest = birthDateForAge(lowest, day, age);
      const latest = birthDateForAge(highest, day, age);
      assert.deepEqual(
        [
          ageOn(shift(earliest, -1), day),
          ageOn(earliest, day),
          ageOn(latest, day),
          ageOn(shift(latest, 1), day),
        ],
        [age + 1, age, age, age - 1],
        `${day} ${age}: ${earliest} to ${latest}`,
      );
    }
  });

  it('uses only fictional phone numbers and invented streets in the town, and leaves some without either', () => {
    for (const record of persons) {
      const person = record.person as NonNullable<SyntheticRecord['person']>;
      if (person.phone !== undefined) assert.match(person.phone, /^\((860|203|959|475)\) 555-01\d\d$/);
      if (person.address !== undefined) {
        // The town named is the one whose centre is near the overdose.
        const town = towns.find((t) => person.address?.endsWith(`, ${t.name}, CT`));
        assert.ok(town && programTowns.includes(town.name), person.address);
        assert.ok(distanceKm({ lat: record.latitude, lon: record.longitude }, town) <= town.spreadKm);
      }
      assert.match(person.first_name, /^[A-Z][a-z]+$/);
      assert.match(person.last_name, /^[A-Z][a-z]+$/);
    }
    const share = (missing: (r: SyntheticRecord) => boolean) =>
      persons.filter(missing).length / persons.length;
    const noPhone = share((r) => r.person?.phone === undefined);
    const noAddress = share((r) => r.person?.address === undefined);
    assert.ok(Math.abs(noPhone - 0.15) < 0.04, `no phone ${noPhone}`);
    assert.ok(Math.abs(noAddress - 0.12) < 0.04, `no address ${noAddress}`);
  });
});
