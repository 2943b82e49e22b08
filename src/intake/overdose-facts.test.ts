import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactParsedReport, reviveParsedReport } from './overdose-facts.js';
import { validateReport } from './report-validation.js';

const context = {
  timeZone: 'America/New_York',
  now: new Date('2025-01-01T00:00:00Z'),
  defaultSourceType: 'ems',
};

describe('stored parsed reports', () => {
  it('keep raw values only where they differ from their code, and revive to the same report', () => {
    const { report } = validateReport(
      {
        source_record_id: 'x',
        occurred_at: '2024-05-01T10:00:00Z',
        latitude: 41.5,
        longitude: -72.5,
        sex: 'M',
        race: 'white',
        age: '34',
        substances: 'fentanyl;Crack',
        narrative: 'long text that stays in the raw record',
      },
      context,
    );
    assert.ok(report);
    const stored = JSON.parse(JSON.stringify(compactParsedReport(report)));
    assert.deepEqual(stored.rawValues, { sex: 'M', substances: 'fentanyl;Crack' });
    assert.equal(stored.narrative, undefined);
    assert.equal(stored.address, undefined);
    const revived = reviveParsedReport(stored);
    assert.deepEqual(
      { ...revived, rawValues: {}, narrative: null },
      { ...report, rawValues: {}, narrative: null },
    );
  });
});
