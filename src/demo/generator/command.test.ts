import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { fiveYearAgeBands } from '../../intake/vocabulary/index.js';
import { SosError } from '../../platform/errors.js';
import {
  type GenerateCommandOptions,
  resolveSettings,
  runGenerateCommand,
  truthFilePath,
} from './command.js';
import { connecticutBounds, distanceKm } from './connecticut.js';
import { planDataset } from './dataset.js';
import { type GroundTruth, groundTruth } from './ground-truth.js';
import { plannedSpikeCount } from './spikes.js';
import {
  dispositions,
  ethnicities,
  naloxoneResponses,
  races,
  sexes,
  sourceTypes,
  substances,
} from './vocabulary.js';

const expectedHeader =
  'source_record_id,source_type,occurred_at,latitude,longitude,address,zip,city,county_fips,fatal,naloxone_given,' +
  'naloxone_doses,naloxone_response,age,age_band,sex,race,ethnicity,substances,disposition,narrative,responding_unit,' +
  'source_definitions,definition_reasons';

let directory = '';
before(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'sos-demo-generate-'));
});
after(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function generateFile(name: string, options: Partial<GenerateCommandOptions> = {}) {
  const out = path.join(directory, name);
  const progress: [number, number][] = [];
  const result = await runGenerateCommand({
    events: 8000,
    days: 150,
    seed: 7,
    end: '2024-06-01',
    out,
    onProgress: (written, total) => progress.push([written, total]),
    ...options,
  });
  return {
    out,
    result,
    progress,
    csv: await readFile(out, 'utf8'),
    truth: await readFile(result.truthFile, 'utf8'),
  };
}

describe('runGenerateCommand', () => {
  it('writes the exact header, `events` rows and the ground truth beside the CSV', async () => {
    const { out, result, progress, csv } = await generateFile('a.csv');
    const lines = csv.split('\n');
    assert.equal(lines[0], expectedHeader);
    assert.equal(lines.at(-1), '', 'the file ends with a line break');
    assert.equal(lines.length - 2, 8000);
    assert.equal(result.rows, 8000);
    assert.equal(result.truthFile, path.join(directory, 'a.truth.json'));
    assert.equal(result.truthFile, truthFilePath(out));
    assert.equal(result.seed, 7);
    assert.deepEqual(progress.at(-1), [8000, 8000]);
    assert.ok(progress.every(([written], i) => i === 0 || written >= (progress[i - 1]?.[0] ?? 0)));
  });

  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const first = await generateFile('same-1.csv');
    const second = await generateFile('same-2.csv');
    const other = await generateFile('other.csv', { seed: 8 });
    assert.equal(second.csv, first.csv);
    assert.equal(second.truth, first.truth);
    assert.notEqual(other.csv, first.csv);
    assert.notEqual(other.truth, first.truth);
  });

  it('writes only values that parse: valid dates in range, coordinates in the box, words from the vocabularies', async () => {
    const { csv, truth } = await generateFile('values.csv');
    const range = JSON.parse(truth) as GroundTruth;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 8000);
    const ids = new Set<string>();
    let previous = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      assert.match(row.source_record_id ?? '', /^gen-7-\d+$/);
      ids.add(row.source_record_id ?? '');
      assert.ok(sourceTypes.includes(row.source_type as never), row.source_type);
      const occurredAt = row.occurred_at ?? '';
      assert.match(occurredAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
      const ms = Date.parse(occurredAt);
      assert.ok(ms >= Date.parse(range.start) && ms < Date.parse(range.end), occurredAt);
      assert.ok(ms >= previous, 'rows are in time order');
      previous = ms;
      const lat = Number(row.latitude);
      const lon = Number(row.longitude);
      assert.ok(lat >= connecticutBounds.south && lat <= connecticutBounds.north, row.latitude);
      assert.ok(lon >= connecticutBounds.west && lon <= connecticutBounds.east, row.longitude);
      assert.equal(row.address, '');
      assert.ok(['true', 'false'].includes(row.fatal ?? ''));
      assert.ok(['true', 'false'].includes(row.naloxone_given ?? ''));
      if (row.naloxone_given === 'true') {
        assert.ok(['1', '2', '3'].includes(row.naloxone_doses ?? ''));
        assert.ok(naloxoneResponses.includes(row.naloxone_response as never));
      } else {
        assert.equal(row.naloxone_doses, '');
        assert.equal(row.naloxone_response, '');
      }
      if (row.age !== '') {
        const age = Number(row.age);
        assert.ok(Number.isInteger(age) && age >= 12 && age <= 84, row.age);
      }
      if (row.age_band !== '') assert.ok(fiveYearAgeBands.includes(row.age_band as never), row.age_band);
      assert.ok(sexes.includes(row.sex as never));
      assert.ok(races.includes(row.race as never));
      assert.ok(ethnicities.includes(row.ethnicity as never));
      const listed = (row.substances ?? '').split(';');
      assert.ok(listed.length > 0 && listed.every((substance) => substances.includes(substance as never)));
      assert.ok(dispositions.includes(row.disposition as never));
      if (row.source_type === 'medical_examiner') assert.equal(row.fatal, 'true');
      assert.ok((row.narrative ?? '').length > 10);
    }
    assert.equal(ids.size, rows.length);
  });

  it('matches the ground truth to what the plan injected', async () => {
    const { truth } = await generateFile('truth.csv');
    const expected = groundTruth(planDataset({ events: 8000, days: 150, seed: 7, end: '2024-06-01' }));
    assert.deepEqual(JSON.parse(truth), expected);
    const written = JSON.parse(truth) as GroundTruth;
    assert.equal(written.seed, 7);
    assert.equal(written.events, 8000);
    assert.equal(written.days, 150);
    assert.equal(written.spikes.length, plannedSpikeCount(150));
    for (const spike of written.spikes) assert.equal('sourceRecordIds' in spike, false);
  });

  it('makes each spike stand out: its circle and window hold at least twice the circle mean of other windows', async () => {
    const { csv, truth } = await generateFile('spikes.csv', { events: 40_000, days: 365, seed: 21 });
    const written = JSON.parse(truth) as GroundTruth;
    const rows = (parse(csv, { columns: true }) as Record<string, string>[]).map((row) => ({
      ms: Date.parse(row.occurred_at ?? ''),
      point: { lat: Number(row.latitude), lon: Number(row.longitude) },
    }));
    const windows = written.spikes.map((spike) => [Date.parse(spike.start), Date.parse(spike.end)] as const);
    assert.equal(written.spikes.length, 6);
    for (const spike of written.spikes) {
      const [start, end] = [Date.parse(spike.start), Date.parse(spike.end)];
      const inCircle = rows.filter((row) => distanceKm(row.point, spike.centre) <= spike.radiusKm);
      const inWindow = inCircle.filter((row) => row.ms >= start && row.ms < end).length;
      assert.ok(inWindow >= spike.extraEvents);
      // The same circle over every other window of the same length that touches no spike.
      const length = end - start;
      const otherCounts: number[] = [];
      for (let from = Date.parse(written.start); from + length <= Date.parse(written.end); from += length) {
        if (windows.some(([s, e]) => from < e && from + length > s)) continue;
        otherCounts.push(inCircle.filter((row) => row.ms >= from && row.ms < from + length).length);
      }
      const otherMean = otherCounts.reduce((a, b) => a + b, 0) / otherCounts.length;
      assert.ok(inWindow >= 2 * otherMean, `${spike.id}: ${inWindow} in window vs mean ${otherMean}`);
    }
  });

  it('draws and reports a seed when none is given', async () => {
    const { result, truth } = await generateFile('random-seed.csv', { seed: undefined, events: 50 });
    assert.ok(Number.isInteger(result.seed) && result.seed >= 0 && result.seed < 2 ** 32);
    assert.equal((JSON.parse(truth) as GroundTruth).seed, result.seed);
  });
});

describe('resolveSettings', () => {
  const valid: GenerateCommandOptions = { events: 10, days: 10, seed: 1, out: 'x.csv', end: '2024-01-01' };
  const now = Date.parse('2024-06-01T12:00:00Z');

  it('keeps valid options and defaults the end to today in Connecticut', () => {
    assert.deepEqual(resolveSettings(valid, now), { events: 10, days: 10, seed: 1, end: '2024-01-01' });
    assert.equal(
      resolveSettings({ ...valid, end: undefined }, Date.parse('2024-06-02T03:00:00Z')).end,
      '2024-06-01',
    );
  });

  it('rejects bad options with VALIDATION_FAILED naming the option', () => {
    const cases: [Partial<GenerateCommandOptions>, string][] = [
      [{ events: 0 }, 'events'],
      [{ events: 2.5 }, 'events'],
      [{ days: 0 }, 'days'],
      [{ seed: -1 }, 'seed'],
      [{ seed: 2 ** 32 }, 'seed'],
      [{ out: ' ' }, 'out'],
      [{ end: '2024-02-30' }, 'end'],
      [{ end: '1 June 2024' }, 'end'],
      [{ end: '2024-06-03' }, 'end'],
      [{ end: '1990-01-05', days: 10 }, 'days'],
    ];
    for (const [change, field] of cases) {
      assert.throws(
        () => resolveSettings({ ...valid, ...change }, now),
        (error: unknown) =>
          error instanceof SosError &&
          error.code === 'VALIDATION_FAILED' &&
          (error.details as { field: string }).field === field,
        JSON.stringify(change),
      );
    }
  });
});

describe('truthFilePath', () => {
  it('puts the ground truth beside the CSV', () => {
    assert.equal(truthFilePath('demo/od.csv'), 'demo/od.truth.json');
    assert.equal(truthFilePath('demo/od.CSV'), 'demo/od.truth.json');
    assert.equal(truthFilePath('demo/od'), 'demo/od.truth.json');
  });
});
