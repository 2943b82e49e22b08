import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectionError } from '../detection-error.js';
import { parsePrm } from './prm-file.js';
import { readScanParameters } from './scan-parameters.js';

const BASE = `[Input]
;case data filename
CaseFile=cases.cas
CoordinatesFile=places.geo
StartDate=2021/1/1
EndDate=2021/3/1
CoordinatesType=1
[Analysis]
AnalysisType=3
ModelType=2
[Spatial Window]
UseDistanceFromCenterOption=y
MaxSpatialSizeInDistanceFromCenter=3
[Temporal Window]
MaxTemporalSizeInterpretation=1
MaxTemporalSize=30
`;

const read = (extra = '') => readScanParameters(parsePrm(`${BASE}${extra}`));

function rejects(extra: string, code: string, pattern: RegExp) {
  assert.throws(
    () => read(extra),
    (error: unknown) => error instanceof DetectionError && error.code === code && pattern.test(error.message),
  );
}

describe('readScanParameters', () => {
  it('reads a retrospective space-time permutation analysis with SaTScan defaults for the rest', () => {
    const p = read();
    assert.equal(p.prospective, false);
    assert.equal(p.latLong, true);
    assert.equal(p.endDay - p.startDay, 59);
    assert.equal(p.maxRadius, 3);
    assert.equal(p.maxWindowDays, 30);
    assert.equal(p.maxCasesPercent, 50);
    assert.equal(p.minCases, 2);
    assert.equal(p.replications, 999);
    assert.equal(p.seed, 12345678);
    assert.equal(p.secondaryClusters, 'no-geographical-overlap');
  });

  it('takes a maximum window given as a share of the study period', () => {
    assert.equal(
      readScanParameters(
        parsePrm(
          BASE.replace('MaxTemporalSizeInterpretation=1', 'MaxTemporalSizeInterpretation=0').replace(
            'MaxTemporalSize=30',
            'MaxTemporalSize=10',
          ),
        ),
      ).maxWindowDays,
      6,
    );
  });

  it('reads the criterion for secondary clusters', () => {
    assert.equal(
      read('[x]\nCriteriaForReportingSecondaryClusters=1\n').secondaryClusters,
      'no-centers-in-other-clusters',
    );
    assert.equal(read('[x]\nCriteriaForReportingSecondaryClusters=5\n').secondaryClusters, 'no-restrictions');
  });

  it('names a parameter whose value it does not support', () => {
    rejects('[x]\nSpatialWindowShapeType=1\n', 'SCAN_PARAMETER_UNSUPPORTED', /SpatialWindowShapeType=1/);
    rejects('[x]\nAdjustForEarlierAnalyses=y\n', 'SCAN_PARAMETER_UNSUPPORTED', /AdjustForEarlierAnalyses=y/);
    assert.throws(
      () => readScanParameters(parsePrm(BASE.replace('ModelType=2', 'ModelType=0'))),
      (error: unknown) =>
        error instanceof DetectionError &&
        error.code === 'SCAN_PARAMETER_UNSUPPORTED' &&
        (error.details as { parameter: string }).parameter === 'ModelType',
    );
    assert.throws(
      () => readScanParameters(parsePrm(BASE.replace('AnalysisType=3', 'AnalysisType=1'))),
      /AnalysisType=1 is not supported/,
    );
  });

  it('refuses missing or malformed values', () => {
    assert.throws(
      () => readScanParameters(parsePrm(BASE.replace('EndDate=2021/3/1', 'EndDate=2021/2/30'))),
      /EndDate/,
    );
    assert.throws(
      () => readScanParameters(parsePrm(BASE.replace('CaseFile=cases.cas', 'CaseFile='))),
      /CaseFile/,
    );
    rejects('[x]\nMonteCarloReps=-1\n', 'SCAN_PARAMETER_INVALID', /MonteCarloReps/);
    rejects(
      '[x]\nMaxSpatialSizeInPopulationAtRisk=60\n',
      'SCAN_PARAMETER_INVALID',
      /MaxSpatialSizeInPopulationAtRisk/,
    );
  });

  it('refuses a key given twice and a line that is not Key=Value', () => {
    rejects('[x]\nCaseFile=other.cas\n', 'SCAN_PARAMETER_INVALID', /CaseFile is given twice/);
    rejects('[x]\nnot a setting\n', 'SCAN_PARAMETER_INVALID', /not Key=Value/);
  });
});
