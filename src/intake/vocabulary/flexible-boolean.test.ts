import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFlexibleBoolean } from './flexible-boolean.js';

describe('parseFlexibleBoolean', () => {
  const cases: [string | boolean | null | undefined, boolean | null][] = [
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['tRuE', true],
    ['yes', true],
    ['Yes', true],
    [' Y ', true],
    ['y', true],
    ['1', true],
    ['t', true],
    [true, true],
    ['false', false],
    ['False', false],
    ['NO', false],
    ['no', false],
    ['n', false],
    ['N', false],
    ['0', false],
    [false, false],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
    ['NULL', null],
    ['Unknown', null],
    ['N/A', null],
  ];
  for (const [input, value] of cases) {
    it(`${JSON.stringify(input)} -> ${value}`, () =>
      assert.deepEqual(parseFlexibleBoolean(input), { ok: true, value }));
  }

  for (const input of ['maybe', '2', 'yess', 'Y (PTCH)', '-1']) {
    it(`refuses ${JSON.stringify(input)}`, () =>
      assert.deepEqual(parseFlexibleBoolean(input), { ok: false }));
  }
});
