import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PersonOverdose, repeatStatuses } from './repeat-overdoses.js';

const link = (key: string, overdoseId: string, at: string): PersonOverdose => ({
  key,
  overdoseId,
  occurredAt: new Date(at),
});

describe('repeatStatuses', () => {
  it('calls the later of two overdoses of one person within a year a repeat, the first first known', () => {
    const links = [link('a', 'o1', '2024-01-10T08:00:00Z'), link('a', 'o2', '2024-06-01T08:00:00Z')];
    const statuses = repeatStatuses(links, ['o1', 'o2']);
    assert.equal(statuses.get('o1'), 'first_known');
    assert.equal(statuses.get('o2'), 'repeat');
  });

  it('counts an earlier overdose exactly 365 days before, but not one a moment earlier still', () => {
    const inside = [link('a', 'o1', '2023-06-01T08:00:00Z'), link('a', 'o2', '2024-05-31T08:00:00Z')];
    assert.equal(repeatStatuses(inside, ['o2']).get('o2'), 'repeat', '2024 is a leap year: 365 days');
    const outside = [link('a', 'o1', '2023-06-01T07:59:59Z'), link('a', 'o2', '2024-05-31T08:00:00Z')];
    assert.equal(repeatStatuses(outside, ['o2']).get('o2'), 'first_known');
  });

  it('makes exactly one of two overdoses at the same instant a repeat', () => {
    const links = [link('a', 'o2', '2024-01-10T08:00:00Z'), link('a', 'o1', '2024-01-10T08:00:00Z')];
    const statuses = repeatStatuses(links, ['o1', 'o2']);
    assert.deepEqual([statuses.get('o1'), statuses.get('o2')], ['first_known', 'repeat']);
  });

  it('looks at every person an overdose names, and leaves an overdose without one unidentified', () => {
    const links = [
      link('a', 'o1', '2024-01-10T08:00:00Z'),
      link('b', 'o2', '2024-02-10T08:00:00Z'),
      link('a', 'o3', '2024-03-10T08:00:00Z'),
      link('b', 'o3', '2024-03-10T08:00:00Z'),
    ];
    const statuses = repeatStatuses(links, ['o1', 'o2', 'o3', 'o4']);
    assert.deepEqual(
      ['o1', 'o2', 'o3', 'o4'].map((id) => statuses.get(id)),
      ['first_known', 'first_known', 'repeat', 'unidentified'],
    );
  });

  it('never counts other people, nor later overdoses', () => {
    const links = [link('a', 'o1', '2024-01-10T08:00:00Z'), link('b', 'o2', '2024-01-01T08:00:00Z')];
    assert.equal(repeatStatuses(links, ['o1']).get('o1'), 'first_known');
    const later = [link('a', 'o1', '2024-01-10T08:00:00Z'), link('a', 'o2', '2024-02-01T08:00:00Z')];
    assert.equal(repeatStatuses(later, ['o1']).get('o1'), 'first_known');
  });
});
