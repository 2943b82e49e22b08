import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overdoseFromReports, reviveParsedReport } from '../intake/overdose-facts.js';
import { type ParsedReport, validateReport } from '../intake/report-validation.js';
import { presentLiveChange } from '../surveillance/live/live-presenter.js';

const context = {
  timeZone: 'America/New_York',
  now: new Date('2025-01-01T00:00:00Z'),
  defaultSourceType: 'ems',
};
const parsed = (fields: Record<string, unknown>): ParsedReport => {
  const { report } = validateReport({ occurred_at: '2024-05-01T10:00:00Z', ...fields }, context);
  assert.ok(report);
  return report;
};

describe('the precision of an overdose', () => {
  it('is rooftop for coordinates sent and none until placed', () => {
    assert.equal(
      parsed({ source_record_id: 'a', latitude: 41.5, longitude: -72.5 }).locationPrecision,
      'rooftop',
    );
    assert.equal(parsed({ source_record_id: 'b', zip: '06106' }).locationPrecision, 'none');
  });

  it("takes the best point of its reports, whichever came first, and that point's precision", () => {
    const zip = { ...parsed({ source_record_id: 'ed-1', zip: '06106' }), latitude: 41.75, longitude: -72.7 };
    zip.locationPrecision = 'zip';
    const county = {
      ...parsed({ source_record_id: 'me-1', county_fips: '09003' }),
      latitude: 41.8,
      longitude: -72.8,
    };
    county.locationPrecision = 'county';
    const sent = parsed({ source_record_id: 'ems-1', latitude: 41.7641, longitude: -72.6815 });
    const unplaced = parsed({ source_record_id: 'pd-1', address: 'somewhere' });
    const linked = overdoseFromReports('o', [county, zip, unplaced, sent], null);
    assert.deepEqual(
      [linked.latitude, linked.longitude, linked.locationPrecision],
      [41.7641, -72.6815, 'rooftop'],
    );
    const coarse = overdoseFromReports('o', [county, unplaced, zip], null);
    assert.deepEqual([coarse.latitude, coarse.locationPrecision], [41.75, 'zip']);
    assert.equal(overdoseFromReports('o', [unplaced], null).locationPrecision, 'none');
  });

  it('draws live points only where they are exact; partners count the centroid cells as any', () => {
    const zip = { ...parsed({ source_record_id: 'ed-1', zip: '06106' }), latitude: 41.75, longitude: -72.7 };
    zip.locationPrecision = 'zip';
    const sent = parsed({ source_record_id: 'ems-1', latitude: 41.7641, longitude: -72.6815 });
    const overdoses = [overdoseFromReports('a', [zip], null), overdoseFromReports('b', [sent], null)];
    const live = presentLiveChange(overdoses, 'T2') as { points: { latitude: number | null }[] };
    assert.deepEqual(
      live.points.map((p) => p.latitude),
      [null, 41.7641],
    );
    const cells = presentLiveChange(overdoses, 'T1') as { cells: { count: number }[] };
    assert.equal(
      cells.cells.reduce((sum, c) => sum + c.count, 0),
      2,
    );
  });

  it('revives a report stored before geocoding with the precision its point had', () => {
    const stored = (fields: Record<string, unknown>) => {
      const { locationPrecision: _dropped, ...rest } = parsed(fields);
      return JSON.parse(JSON.stringify(rest));
    };
    assert.equal(
      reviveParsedReport(stored({ source_record_id: 'a', latitude: 41.5, longitude: -72.5 }))
        .locationPrecision,
      'rooftop',
    );
    assert.equal(
      reviveParsedReport(stored({ source_record_id: 'b', address: 'x' })).locationPrecision,
      'none',
    );
  });
});
