import { DetectionError } from '../detection-error.js';
import { parseScanDate } from './scan-dates.js';

/** SaTScan's randomization seed when the parameter file does not set one. */
export const DEFAULT_RANDOMIZATION_SEED = 12_345_678;

/** How secondary clusters are chosen among each centre's best cylinder (SaTScan's 0..5, in order). */
export const SECONDARY_CLUSTER_CRITERIA = [
  'no-geographical-overlap',
  'no-centers-in-other-clusters',
  'no-centers-in-more-likely-clusters',
  'no-centers-in-less-likely-clusters',
  'no-pairs-of-centers-in-each-other',
  'no-restrictions',
] as const;

/** One of SaTScan's criteria for reporting secondary clusters. */
export type SecondaryClusterCriterion = (typeof SECONDARY_CLUSTER_CRITERIA)[number];

/** The settings of a space-time permutation analysis, read from a SaTScan parameter file. */
export interface ScanParameters {
  readonly caseFile: string;
  readonly coordinatesFile: string;
  /** Study period, as day numbers (days since 1970-01-01), both ends included. */
  readonly startDay: number;
  readonly endDay: number;
  readonly latLong: boolean;
  readonly prospective: boolean;
  /** A circle holds at most this share (%) of all cases (SaTScan's "population at risk" for STP). */
  readonly maxCasesPercent: number;
  /** A circle's radius is at most this (km, or coordinate units for Cartesian), or unbounded. */
  readonly maxRadius: number | null;
  /** The longest window, in days. */
  readonly maxWindowDays: number;
  /** A reported high-rate cylinder has at least this many cases. */
  readonly minCases: number;
  readonly replications: number;
  readonly seed: number;
  readonly secondaryClusters: SecondaryClusterCriterion;
  /** Strict bounds: a case outside the study period, or at a location without coordinates, is an error. */
  readonly strictStudyPeriod: boolean;
  readonly strictCoordinates: boolean;
  /** Days between two prospective analyses, the unit of the recurrence interval. */
  readonly analysisIntervalDays: number;
}

/**
 * Settings SOS follows as SaTScan would only at one value (or a few): any other value changes the
 * results, so it is refused by name rather than ignored. Absent keys take SaTScan's default, the
 * first allowed value.
 */
const FIXED_SETTINGS: ReadonlyArray<readonly [key: string, allowed: readonly string[], meaning: string]> = [
  ['ModelType', ['2'], 'only the space-time permutation model (2)'],
  ['AnalysisType', ['3', '4'], 'retrospective (3) or prospective (4) space-time analyses only'],
  ['ScanAreas', ['1'], 'high rates (1) only'],
  ['PrecisionCaseTimes', ['3'], 'case times to the day (3) only'],
  ['TimeAggregationUnits', ['3'], 'days (3) only'],
  ['TimeAggregationLength', ['1'], 'one day only'],
  ['UseGridFile', ['n'], 'circles around the locations only (no grid file)'],
  ['SpatialWindowShapeType', ['0'], 'circles (0) only'],
  ['IncludePurelyTemporal', ['n'], 'no purely temporal clusters'],
  ['IncludePurelySpatial', ['n'], 'no purely spatial clusters'],
  ['UseMaxCirclePopulationFileOption', ['n'], 'no max circle size file'],
  ['UseNeighborsFile', ['n'], 'distances from coordinates only'],
  ['UseMetaLocationsFile', ['n'], 'no meta locations'],
  ['UseLocationsNetworkFile', ['n'], 'distances from coordinates only'],
  ['MultipleCoordinatesType', ['0'], 'one coordinate pair per location'],
  ['IsotonicScan', ['0'], 'the standard scan (0)'],
  ['MinimumTemporalClusterSize', ['1'], 'windows of at least one day'],
  ['RiskLimitHighClusters', ['n'], 'no risk limit'],
  ['TimeTrendAdjustmentType', ['0'], 'no time trend adjustment'],
  ['AdjustForWeeklyTrends', ['n'], 'no weekly trend adjustment'],
  ['SpatialAdjustmentType', ['0'], 'no spatial adjustment'],
  ['UseAdjustmentsByRRFile', ['n'], 'no relative risk adjustments'],
  ['PValueReportType', ['0', '1'], 'standard Monte Carlo p-values (0 or 1)'],
  ['AdjustForEarlierAnalyses', ['n'], 'no adjustment for earlier analyses'],
  ['IterativeScan', ['n'], 'no iterative scan'],
  ['CriteriaForReportingSecondaryClusters', ['0', '1', '2', '3', '4', '5'], 'the criteria 0 to 5'],
  ['UseReportOnlySmallerClusters', ['n'], 'no restriction of reported cluster sizes'],
  ['PerformPowerEvaluation', ['n'], 'no power evaluation'],
  ['StudyPeriodCheckType', ['0', '1'], 'strict (0) or relaxed (1) bounds'],
  ['GeographicalCoordinatesCheckType', ['0', '1'], 'strict (0) or relaxed (1) coordinates'],
  ['ProspectiveFrequencyType', ['0', '1', '2'], 'prospective analyses every day (0, 1) or week (2)'],
];

function unsupported(key: string, value: string, meaning: string): DetectionError {
  return new DetectionError(
    'SCAN_PARAMETER_UNSUPPORTED',
    `${key}=${value} is not supported: SOS scans with ${meaning}`,
    { parameter: key, value },
  );
}

function invalid(key: string, value: string | undefined, expected: string): DetectionError {
  return new DetectionError(
    'SCAN_PARAMETER_INVALID',
    `${key}=${value ?? ''} is not valid: expected ${expected}`,
    {
      parameter: key,
      value,
    },
  );
}

function numberSetting(
  values: Map<string, string>,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = values.get(key);
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw invalid(key, text, `a number from ${min} to ${max}`);
  }
  return value;
}

function wholeSetting(values: Map<string, string>, key: string, fallback: number, min: number): number {
  const value = numberSetting(values, key, fallback, min, Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(value)) throw invalid(key, values.get(key), 'a whole number');
  return value;
}

function fileSetting(values: Map<string, string>, key: string): string {
  const value = values.get(key);
  if (!value) throw invalid(key, value, 'a file name');
  return value;
}

function dateSetting(values: Map<string, string>, key: string): number {
  const value = values.get(key);
  if (!value) throw invalid(key, value, 'a date (YYYY/MM/DD)');
  try {
    return parseScanDate(value, key);
  } catch {
    throw invalid(key, value, 'a date (YYYY/MM/DD)');
  }
}

/** Validates the parameters of a .prm file and returns the settings of the analysis. */
export function readScanParameters(values: Map<string, string>): ScanParameters {
  for (const [key, allowed, meaning] of FIXED_SETTINGS) {
    const value = (values.get(key) ?? '').toLowerCase();
    if (value !== '' && !allowed.includes(value)) throw unsupported(key, values.get(key) as string, meaning);
  }
  const prospective = values.get('AnalysisType') === '4';
  if (values.get('AnalysisType') === undefined) throw invalid('AnalysisType', undefined, '3 or 4');
  if (values.get('ModelType') === undefined) throw invalid('ModelType', undefined, '2');
  // A retrospective analysis may restrict its windows (alive or flexible); a prospective one always
  // scans windows that end on the last day, whatever this says.
  const included = values.get('IncludeClusters') ?? '0';
  if (!prospective && included !== '0') {
    throw unsupported('IncludeClusters', included, 'all windows (0) in retrospective analyses');
  }
  const coordinatesType = values.get('CoordinatesType') ?? '0';
  if (coordinatesType !== '0' && coordinatesType !== '1') {
    throw invalid('CoordinatesType', coordinatesType, '0 (Cartesian) or 1 (latitude/longitude)');
  }
  const startDay = dateSetting(values, 'StartDate');
  const endDay = dateSetting(values, 'EndDate');
  if (endDay < startDay) throw invalid('EndDate', values.get('EndDate'), 'a date on or after StartDate');
  const studyDays = endDay - startDay + 1;

  const maxCasesPercent = numberSetting(values, 'MaxSpatialSizeInPopulationAtRisk', 50, Number.MIN_VALUE, 50);
  const useDistance = (values.get('UseDistanceFromCenterOption') ?? 'n').toLowerCase() === 'y';
  const maxRadius = useDistance
    ? numberSetting(values, 'MaxSpatialSizeInDistanceFromCenter', 1, Number.MIN_VALUE, Number.MAX_VALUE)
    : null;

  const interpretation = values.get('MaxTemporalSizeInterpretation') ?? '0';
  let maxWindowDays: number;
  if (interpretation === '1') {
    maxWindowDays = wholeSetting(values, 'MaxTemporalSize', 1, 1);
  } else if (interpretation === '0') {
    const percent = numberSetting(values, 'MaxTemporalSize', 50, Number.MIN_VALUE, 90);
    maxWindowDays = Math.max(1, Math.floor((studyDays * percent) / 100));
  } else {
    throw invalid('MaxTemporalSizeInterpretation', interpretation, '0 (percentage) or 1 (time)');
  }
  maxWindowDays = Math.min(maxWindowDays, studyDays);

  const frequencyType = values.get('ProspectiveFrequencyType') ?? '0';
  const frequency = wholeSetting(values, 'ProspectiveFrequency', 1, 1);
  return {
    caseFile: fileSetting(values, 'CaseFile'),
    coordinatesFile: fileSetting(values, 'CoordinatesFile'),
    startDay,
    endDay,
    latLong: coordinatesType === '1',
    prospective,
    maxCasesPercent,
    maxRadius,
    maxWindowDays,
    minCases: wholeSetting(values, 'MinimumCasesInHighRateClusters', 2, 1),
    replications: wholeSetting(values, 'MonteCarloReps', 999, 0),
    seed: wholeSetting(values, 'RandomizationSeed', DEFAULT_RANDOMIZATION_SEED, 0),
    secondaryClusters: SECONDARY_CLUSTER_CRITERIA[
      Number(values.get('CriteriaForReportingSecondaryClusters') || '0')
    ] as SecondaryClusterCriterion,
    strictStudyPeriod: (values.get('StudyPeriodCheckType') ?? '0') === '0',
    strictCoordinates: (values.get('GeographicalCoordinatesCheckType') ?? '0') === '0',
    analysisIntervalDays: (frequencyType === '2' ? 7 : 1) * frequency,
  };
}
