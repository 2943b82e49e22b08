import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distanceKm, isInConnecticut } from './connecticut.js';
import { type DatasetSettings, generateRecords, planDataset, type SyntheticRecord } from './dataset.js';
import { groundTruth } from './ground-truth.js';
import { plannedSpikeCount } from './spikes.js';

function generate(settings: DatasetSettings): {
  plan: ReturnType<typeof planDataset>;
  records: SyntheticRecord[];
} {
  const plan = planDataset(settings);
  return { plan, records: [...generateRecords(plan)] };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('planDataset and generateRecords', () => {
  const { plan, records } = generate({ events: 20_000, days: 120, seed: 99, end: '2024-05-01' });

  it('yields exactly the requested number of records, in time order, with unique stable ids', () => {
    assert.equal(records.length, 20_000);
    const times = records.map((record) => Date.parse(record.occurredAt));
    for (let i = 1; i < times.length; i++)
      assert.ok((times[i] ?? 0) >= (times[i - 1] ?? 0), `row ${i + 1} out of order`);
    assert.equal(records[0]?.sourceRecordId, 'gen-99-1');
    assert.equal(new Set(records.map((record) => record.sourceRecordId)).size, records.length);
    assert.ok(times.every((ms) => ms >= plan.timeline.startMs && ms < plan.timeline.endMs));
  });

  it('puts every record on Connecticut land', () => {
    assert.ok(records.every((record) => isInConnecticut(record.latitude, record.longitude)));
  });

  it('injects exactly the planned spike events, each inside its circle and window', () => {
    assert.equal(plan.spikes.length, plannedSpikeCount(120));
    for (const spike of plan.spikes) {
      const injected = records.filter((record) => record.spikeId === spike.id);
      assert.equal(injected.length, spike.extraEvents);
      assert.ok(spike.extraEvents >= 5);
      const startMs = plan.timeline.startMs + spike.startHour * 3_600_000;
      const endMs = plan.timeline.startMs + spike.endHour * 3_600_000;
      assert.ok(spike.endHour - spike.startHour >= 24 && spike.endHour - spike.startHour <= 72);
      assert.ok(spike.radiusKm >= 1 && spike.radiusKm <= 3);
      for (const record of injected) {
        assert.ok(
          distanceKm({ lat: record.latitude, lon: record.longitude }, spike.centre) <= spike.radiusKm,
        );
        const ms = Date.parse(record.occurredAt);
        assert.ok(ms >= startMs && ms < endMs);
      }
      const fentanylOrXylazine = injected.filter((record) =>
        /fentanyl|xylazine/.test(record.facts.substances),
      );
      assert.ok(fentanylOrXylazine.length >= 0.8 * injected.length);
    }
  });

  it('describes in the ground truth exactly what it injected', () => {
    const truth = groundTruth(plan);
    assert.equal(truth.events, 20_000);
    assert.equal(Date.parse(truth.start), plan.timeline.startMs);
    assert.equal(Date.parse(truth.end), plan.timeline.endMs);
    assert.equal(truth.start, '2024-01-02T00:00:00-05:00');
    assert.equal(truth.end, '2024-05-01T00:00:00-04:00');
    assert.deepEqual(
      truth.spikes.map((spike) => [
        spike.id,
        spike.extraEvents,
        spike.radiusKm,
        spike.centre.lat,
        spike.centre.lon,
      ]),
      plan.spikes.map((spike) => [
        spike.id,
        spike.extraEvents,
        spike.radiusKm,
        spike.centre.lat,
        spike.centre.lon,
      ]),
    );
    for (const [i, spike] of truth.spikes.entries()) {
      const planned = plan.spikes[i];
      assert.ok(planned);
      assert.equal(Date.parse(spike.start), plan.timeline.startMs + planned.startHour * 3_600_000);
      assert.equal(Date.parse(spike.end), plan.timeline.startMs + planned.endHour * 3_600_000);
      assert.equal(spike.town, planned.town);
    }
  });

  it('draws people, substances and outcomes in the documented proportions', () => {
    const share = (test: (record: SyntheticRecord) => boolean): number =>
      records.filter(test).length / records.length;
    assert.ok(Math.abs(share((record) => record.facts.sex === 'male') - 0.7) < 0.02);
    assert.ok(Math.abs(share((record) => record.facts.fatal) - 0.08) < 0.015);
    assert.ok(
      share((record) => ['25-29', '30-34', '35-39', '40-44'].includes(record.facts.ageBand ?? '')) > 0.5,
    );
    assert.ok(share((record) => record.facts.substances.split(';').includes('fentanyl')) > 0.5);
    const coUse = share(
      (record) =>
        /fentanyl/.test(record.facts.substances) && /cocaine|xylazine/.test(record.facts.substances),
    );
    assert.ok(coUse > 0.2);
    for (const { facts } of records) {
      if (facts.sourceType === 'medical_examiner') assert.equal(facts.fatal, true);
      assert.equal(facts.disposition === 'deceased', facts.fatal);
      assert.equal(facts.naloxoneDoses !== undefined, facts.naloxoneGiven);
      assert.equal(facts.naloxoneResponse !== undefined, facts.naloxoneGiven);
      if (facts.age !== undefined) assert.ok(facts.ageBand, 'an age always comes with its band');
    }
    const givenOnNonfatalEms = records.filter((r) => r.facts.sourceType === 'ems' && !r.facts.fatal);
    assert.ok(
      givenOnNonfatalEms.filter((r) => r.facts.naloxoneGiven).length / givenOnNonfatalEms.length > 0.7,
    );
  });

  it('is the same dataset for the same settings and another for another seed', () => {
    const again = generate({ events: 20_000, days: 120, seed: 99, end: '2024-05-01' }).records;
    assert.deepEqual(again, records);
    const other = generate({ events: 20_000, days: 120, seed: 100, end: '2024-05-01' }).records;
    assert.notDeepEqual(
      other.slice(0, 50).map((record) => [record.occurredAt, record.latitude]),
      records.slice(0, 50).map((record) => [record.occurredAt, record.latitude]),
    );
  });
});

describe('patterns over a large sample', () => {
  const { records } = generate({ events: 150_000, days: 730, seed: 5, end: '2024-01-01' });
  const perDay = new Map<string, number>();
  for (const record of records) {
    const day = record.occurredAt.slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = [...perDay.entries()];

  it('has more events on weekend days than on weekdays', () => {
    const isWeekend = (day: string): boolean => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    const weekend = mean(days.filter(([day]) => isWeekend(day)).map(([, count]) => count));
    const weekday = mean(days.filter(([day]) => !isWeekend(day)).map(([, count]) => count));
    assert.ok(weekend > weekday * 1.05, `weekend ${weekend} vs weekday ${weekday}`);
  });

  it('has more events in summer than in winter', () => {
    const month = (day: string): number => Number(day.slice(5, 7));
    const summer = mean(days.filter(([day]) => [6, 7, 8].includes(month(day))).map(([, count]) => count));
    const winter = mean(days.filter(([day]) => [12, 1, 2].includes(month(day))).map(([, count]) => count));
    assert.ok(summer > winter * 1.1, `summer ${summer} vs winter ${winter}`);
  });

  it('has more events in the evening than in the morning', () => {
    const hour = (record: SyntheticRecord): number => Number(record.occurredAt.slice(11, 13));
    const evening = records.filter((record) => hour(record) >= 18 && hour(record) < 24).length;
    const morning = records.filter((record) => hour(record) >= 6 && hour(record) < 12).length;
    assert.ok(evening > morning * 1.5);
  });
});

describe('spike planning', () => {
  it('plans about one spike per 60 days and none under 14 days', () => {
    assert.equal(plannedSpikeCount(13), 0);
    assert.equal(plannedSpikeCount(14), 1);
    assert.equal(plannedSpikeCount(120), 2);
    assert.equal(plannedSpikeCount(365), 6);
  });

  it('keeps spikes to a small share of a small file and still fills it exactly', () => {
    const { plan, records } = generate({ events: 60, days: 365, seed: 3, end: '2024-01-01' });
    assert.equal(records.length, 60);
    const injected = plan.spikes.reduce((sum, spike) => sum + spike.extraEvents, 0);
    assert.ok(plan.spikes.length >= 1 && injected <= 12);
  });

  it('makes a one-event file with no spike', () => {
    const { plan, records } = generate({ events: 1, days: 30, seed: 3, end: '2024-01-01' });
    assert.equal(records.length, 1);
    assert.equal(plan.spikes.length, 0);
  });
});
