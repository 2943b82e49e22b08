import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateLinkedEvents } from '../demo/generator/linked-events.js';
import { findCandidatePairs } from './candidate-pairs.js';
import { compareEvents, EVENT_FIELD_COUNT, EventField } from './event-comparisons.js';
import { AUTO_LINK_PROBABILITY, linkEvents, REVIEW_PROBABILITY } from './event-linkage.js';
import type { EventRecord } from './event-record.js';
import { MISSING } from './fellegi-sunter/index.js';
import { pairwiseQuality } from './fellegi-sunter/pairwise-quality.js';

const scene: EventRecord = {
  organizationId: 'ems',
  sourceType: 'ems',
  at: Date.UTC(2025, 4, 1, 10),
  timeKnown: true,
  day: 20209,
  latitude: 41.7658,
  longitude: -72.6734,
  precise: true,
  zip: '06106',
  city: 'Hartford',
  county: '09003',
  age: 30,
  sex: 'male',
  fatal: false,
  matchKey: null,
};

describe('event comparisons', () => {
  it('compares time and distance between scene reports, arrival and ZIP with a centroid, the day with a date', () => {
    const levels = (a: EventRecord, b: EventRecord) => {
      const out = new Uint8Array(EVENT_FIELD_COUNT);
      compareEvents(a, b, out);
      return out;
    };
    const police = levels(scene, {
      ...scene,
      organizationId: 'pd',
      sourceType: 'police',
      at: scene.at + 20 * 60_000,
      latitude: 41.7675,
    });
    assert.deepEqual(
      [
        police[EventField.Time],
        police[EventField.Distance],
        police[EventField.Arrival],
        police[EventField.Zip],
      ],
      [2, 2, MISSING, MISSING],
    );
    const ed = levels(scene, {
      ...scene,
      organizationId: 'ed',
      sourceType: 'hospital',
      at: scene.at + 90 * 60_000,
      precise: false,
    });
    assert.deepEqual(
      [
        ed[EventField.Time],
        ed[EventField.Distance],
        ed[EventField.Arrival],
        ed[EventField.Zip],
        ed[EventField.SourceType],
      ],
      [MISSING, MISSING, 2, 1, 1],
    );
    const me = levels(scene, {
      ...scene,
      organizationId: 'me',
      timeKnown: false,
      zip: null,
      precise: false,
      fatal: true,
      sex: null,
    });
    assert.deepEqual(
      [me[EventField.Day], me[EventField.City], me[EventField.Fatal], me[EventField.Sex], me[EventField.Age]],
      [1, 2, 0, MISSING, 3],
    );
  });

  it('never pairs two reports of one organization', () => {
    const pairs = findCandidatePairs([
      scene,
      { ...scene, at: scene.at + 60_000 },
      { ...scene, organizationId: 'pd' },
    ]);
    const found = Array.from({ length: pairs.count }, (_, p) => [pairs.a[p], pairs.b[p]].sort().join('-'));
    assert.deepEqual(found.sort(), ['0-2', '1-2']);
  });
});

describe('candidate pairs across two sets', () => {
  it('finds exactly the pairs across the sets that blocking both as one set finds, each once', () => {
    const reports = generateLinkedEvents({ events: 2000, seed: 9 });
    const moved = reports
      .filter((_, i) => i % 3 === 0)
      .map((r) => ({ ...r, at: r.at + 7 * 86_400_000, day: r.day + 7 }));
    const both = [...reports, ...moved];
    const n = reports.length;
    const key = (a: number, b: number) => `${Math.min(a, b)},${Math.max(a, b)}`;
    const all = findCandidatePairs(both);
    const expected = new Set<string>();
    for (let p = 0; p < all.count; p++) {
      const a = all.a[p] as number;
      const b = all.b[p] as number;
      if (a < n !== b < n) expected.add(key(a, b));
    }
    const cross = findCandidatePairs(both, n);
    const found = Array.from({ length: cross.count }, (_, p) =>
      key(cross.a[p] as number, cross.b[p] as number),
    );
    assert.ok(expected.size > 500, `${expected.size} pairs across`);
    assert.equal(new Set(found).size, found.length, 'each pair once');
    assert.deepEqual(new Set(found), expected);
  });
});

describe('cross-source linkage on generated EMS, police, ED and ME reports', () => {
  const reports = generateLinkedEvents({ events: 3000, seed: 11 });
  const linkage = linkEvents(reports);

  it('links with pairwise precision and recall of at least 0.97, m and u estimated from the pairs', () => {
    const quality = pairwiseQuality(
      linkage.clusters,
      reports.map((r) => String(r.event)),
    );
    assert.ok(quality.truePairs > 2500, `${quality.truePairs} true pairs`);
    assert.ok(quality.precision >= 0.97, `precision ${quality.precision}`);
    assert.ok(quality.recall >= 0.97, `recall ${quality.recall}`);
    assert.ok(linkage.model.converged);
    const time = linkage.model.m[EventField.Time] as number[];
    assert.ok((time[3] as number) > (time[0] as number), 'matches are close in time, learnt from the data');
  });

  it('keeps the uncertain rest for review: probabilities below auto-linking, true and false events mixed', () => {
    let same = 0;
    for (const p of linkage.review) {
      const probability = linkage.probability[p] as number;
      assert.ok(probability >= REVIEW_PROBABILITY);
      const a = reports[linkage.pairs.a[p] as number] as (typeof reports)[number];
      const b = reports[linkage.pairs.b[p] as number] as (typeof reports)[number];
      if (a.event === b.event) same++;
      if (probability >= AUTO_LINK_PROBABILITY) assert.equal(a.organizationId === b.organizationId, false);
    }
    assert.ok(linkage.review.length > 50, `${linkage.review.length} pairs in review`);
    assert.ok(
      same > 10 && same < linkage.review.length - 10,
      `${same} of ${linkage.review.length} the same event`,
    );
  });
});
