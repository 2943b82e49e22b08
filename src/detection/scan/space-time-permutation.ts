import { describeCluster, reportable, type ScanCluster, selectClusters } from './cluster-report.js';
import { CylinderScanner } from './cylinder-scan.js';
import { runReplications } from './replication-pool.js';
import { buildScanCircles } from './scan-circles.js';
import type { CaseRecord, LocationRecord } from './scan-files.js';
import type { ScanParameters } from './scan-parameters.js';
import { buildScanStudy } from './scan-study.js';

/** The result of a space-time permutation scan. */
export interface ScanResult {
  readonly locations: number;
  readonly cases: number;
  readonly days: number;
  readonly replications: number;
  /** Circles scanned (every centre's nested circles within the limits). */
  readonly circles: number;
  readonly clusters: readonly ScanCluster[];
  /** The replications' largest log likelihood ratios, in replication order. */
  readonly replicationLlrs: Float64Array;
}

/** Options of a run that do not change its result. */
export interface ScanRunOptions {
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Kulldorff's space-time permutation scan statistic, retrospective or prospective, as SaTScan runs it:
 * every circle around every location, every window within the limits, the most likely cluster and
 * the secondary clusters, and Monte Carlo p-values from random permutations of the cases' days.
 */
export async function runSpaceTimePermutationScan(
  parameters: ScanParameters,
  cases: readonly CaseRecord[],
  locations: readonly LocationRecord[],
  options: ScanRunOptions = {},
): Promise<ScanResult> {
  const study = buildScanStudy(parameters, cases, locations, parameters.caseFile);
  const circles = buildScanCircles(study, parameters.maxRadius, parameters.maxCasesPercent);
  const settings = {
    prospective: parameters.prospective,
    maxWindowDays: parameters.maxWindowDays,
    minCases: parameters.minCases,
  };
  const observed = new CylinderScanner(study, circles, settings).bestPerCentre(study.caseDays);
  const replicationLlrs = await runReplications(
    { study, circles, settings, seed: parameters.seed },
    parameters.replications,
    {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      onProgress: (done) => options.onProgress?.(done, parameters.replications),
    },
  );
  const clusters = reportable(
    selectClusters(observed, circles, parameters.secondaryClusters).map((best) =>
      describeCluster(best, study, circles, replicationLlrs, parameters),
    ),
  );
  return {
    locations: study.locationIds.length,
    cases: study.totalCases,
    days: study.dayCount,
    replications: parameters.replications,
    circles: circles.stepSize.length,
    clusters,
    replicationLlrs,
  };
}
