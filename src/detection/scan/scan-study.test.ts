import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectionError } from '../detection-error.js';
import { buildScanCircles } from './scan-circles.js';
import { buildScanStudy } from './scan-study.js';
import { testParameters } from './test-study.js';

const locations = [
  { id: 'a', x: 0, y: 0 },
  { id: 'b', x: 1, y: 0 },
  { id: 'c', x: 0, y: 2 },
  { id: 'empty', x: 0.5, y: 0 },
];
const cases = [
  { locationId: 'a', count: 2, day: 0, line: 1 },
  { locationId: 'a', count: 1, day: 2, line: 2 },
  { locationId: 'b', count: 1, day: 2, line: 3 },
  { locationId: 'c', count: 4, day: 1, line: 4 },
];

describe('buildScanStudy', () => {
  it('keeps each case as a unit with its location and day, and the cases by day as a prefix sum', () => {
    const study = buildScanStudy(testParameters({ endDay: 3 }), cases, locations, 't.cas');
    assert.equal(study.totalCases, 8);
    assert.deepEqual(Array.from(study.caseStart), [0, 3, 4, 8, 8]);
    assert.deepEqual(Array.from(study.caseDays), [0, 0, 2, 2, 1, 1, 1, 1]);
    assert.deepEqual(Array.from(study.dayCumulative), [0, 2, 6, 8, 8]);
  });

  it('expects N_loc·N_day/N cases in a cell, so a cylinder expects (its cases)·(window cases)/N', () => {
    const study = buildScanStudy(testParameters({ endDay: 3 }), cases, locations, 't.cas');
    // Location a (3 cases) on days 1..2 (6 cases): 3·4/8 + 3·2/8 = 2.25 = 3·6/8.
    const windowCases = (study.dayCumulative[3] as number) - (study.dayCumulative[1] as number);
    assert.equal((3 * windowCases) / study.totalCases, 2.25);
  });

  it('refuses a case outside the study period or at an unknown location, unless the checks are relaxed', () => {
    const late = [...cases, { locationId: 'a', count: 1, day: 9, line: 5 }];
    assert.throws(
      () => buildScanStudy(testParameters({ endDay: 3 }), late, locations, 't.cas'),
      (e: unknown) =>
        e instanceof DetectionError && e.code === 'SCAN_DATA_INVALID' && /t\.cas line 5/.test(e.message),
    );
    assert.equal(
      buildScanStudy(testParameters({ endDay: 3, strictStudyPeriod: false }), late, locations, 't.cas')
        .totalCases,
      8,
    );
    const lost = [...cases, { locationId: 'z', count: 1, day: 1, line: 5 }];
    assert.throws(
      () => buildScanStudy(testParameters({ endDay: 3 }), lost, locations, 't.cas'),
      /location z/,
    );
    assert.equal(
      buildScanStudy(testParameters({ endDay: 3, strictCoordinates: false }), lost, locations, 't.cas')
        .totalCases,
      8,
    );
  });

  it('refuses latitude/longitude coordinates off the globe and names the location', () => {
    const lost = [{ id: 'far', x: 40.7, y: -273.9 }];
    assert.throws(
      () => buildScanStudy(testParameters({ latLong: true }), [], lost, 't.cas'),
      (e: unknown) =>
        e instanceof DetectionError &&
        e.code === 'SCAN_DATA_INVALID' &&
        /test\.geo: location far/.test(e.message),
    );
  });
});

describe('buildScanCircles', () => {
  it('closes a circle only where it brings new cases, within the radius and the share of cases', () => {
    const study = buildScanStudy(testParameters({ endDay: 3 }), cases, locations, 't.cas');
    const circles = buildScanCircles(study, 1.5, 50);
    // Around a: a (3 cases), then 'empty' at 0.5 adds nothing, b at 1 makes 4 = 50%; c at 2 is too far.
    const steps = Array.from(
      { length: (circles.stepStart[1] as number) - (circles.stepStart[0] as number) },
      (_, i) => i,
    );
    assert.deepEqual(
      steps.map((s) => [circles.stepSize[s], circles.stepRadius[s]]),
      [
        [1, 0],
        [3, 1],
      ],
    );
    // Centre c alone holds 4 cases (50%); c with anything else would pass 50%.
    const cSteps = Array.from(circles.stepSize.subarray(circles.stepStart[2], circles.stepStart[3]));
    assert.deepEqual(cSteps, [1]);
  });

  it('breaks exact ties in distance by the smaller x, then y, and closes a circle after each location', () => {
    const around = [
      { id: 'centre', x: 0, y: 0 },
      { id: 'east', x: 1, y: 0 },
      { id: 'north', x: 0, y: 1 },
      { id: 'west', x: -1, y: 0 },
      { id: 'south', x: 0, y: -1 },
    ];
    const one = around.map((l, i) => ({ locationId: l.id, count: 1, day: 0, line: i + 1 }));
    const study = buildScanStudy(testParameters({ endDay: 0 }), one, around, 't.cas');
    const circles = buildScanCircles(study, 1, 100);
    const order = Array.from(circles.order.subarray(0, circles.orderStart[1]), (l) => study.locationIds[l]);
    assert.deepEqual(order, ['centre', 'west', 'south', 'north', 'east']);
    assert.deepEqual(Array.from(circles.stepSize.subarray(0, circles.stepStart[1])), [1, 2, 3, 4, 5]);
  });

  it('marks a circle whose cases repeat an earlier centre’s circle', () => {
    const study = buildScanStudy(testParameters({ endDay: 3 }), cases, locations, 't.cas');
    const circles = buildScanCircles(study, 1.5, 50);
    // The empty location's circles: a and b are both 0.5 away, a first (the smaller x). {empty, a}
    // holds a's cases, as a's first circle did; {empty, a, b} those of a's second.
    const first = circles.stepStart[3] as number;
    assert.deepEqual(Array.from(circles.stepSize.subarray(first, circles.stepStart[4])), [2, 3]);
    const repeated = Array.from(circles.stepRepeated.subarray(first, circles.stepStart[4]));
    assert.deepEqual(repeated, [1, 1]);
  });
});
