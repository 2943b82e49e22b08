import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseKindFor, programsServing } from './case-opening-rule.js';
import type { OutreachProgram } from './case-repository.js';

const program = (id: string, areas: [string, string][], familySupport = false) =>
  ({
    id,
    familySupport,
    serviceAreas: areas.map(([layer_id, area_id]) => ({ layer_id, area_id })),
  }) as OutreachProgram;

describe('which programs an overdose concerns', () => {
  const towns = program('towns', [
    ['towns', 'Hartford'],
    ['towns', 'Bristol'],
  ]);
  const tracts = program('tracts', [['tracts', '09003500100']]);
  const sameIdOtherLayer = program('zips', [['zips', 'Hartford']]);

  it('takes each program with a service area the overdose is in, naming that area', () => {
    const areas = [
      { layer_id: 'towns', area_id: 'Bristol' },
      { layer_id: 'tracts', area_id: '09003500100' },
    ];
    assert.deepEqual(
      programsServing(areas, [towns, tracts, sameIdOtherLayer]).map((s) => [s.program.id, s.areaId]),
      [
        ['towns', 'Bristol'],
        ['tracts', '09003500100'],
      ],
    );
  });

  it('matches an area within its layer only, and takes none outside every service area', () => {
    assert.deepEqual(programsServing([{ layer_id: 'towns', area_id: 'Hartford' }], [sameIdOtherLayer]), []);
    assert.deepEqual(programsServing([], [towns, tracts]), []);
  });

  it('opens a survivor case unless the overdose was fatal, then a family case only where that work is done', () => {
    assert.deepEqual(
      [false, null, true].map((fatal) => [
        caseKindFor(fatal, { familySupport: false }),
        caseKindFor(fatal, { familySupport: true }),
      ]),
      [
        ['post_overdose', 'post_overdose'],
        ['post_overdose', 'post_overdose'],
        [null, 'family_support'],
      ],
    );
  });
});
