import type { ScanCluster } from './cluster-report.js';
import type { ScanResult } from './space-time-permutation.js';

/** A recurrence interval as SaTScan words it: in days under a year, else in years. */
export function formatRecurrenceInterval(days: number): string {
  if (days < 365) {
    const whole = Math.round(days);
    return `${whole} day${whole === 1 ? '' : 's'}`;
  }
  const years = days / 365.25;
  return `${years.toFixed(years < 10 ? 1 : 0)} years`;
}

function pValueText(p: number | null, replications: number): string {
  if (p === null) return 'not computed (no replications)';
  // The smallest p-value R replications can show is 1/(R+1); SaTScan prints it with as many decimals.
  const decimals = Math.max(3, String(replications + 1).length - 1);
  return p.toFixed(decimals);
}

function clusterLines(cluster: ScanCluster, index: number, replications: number, unit: string): string[] {
  const lines = [
    `${index + 1}.Location IDs included.: ${cluster.locationIds.join(', ')}`,
    `  Center...................: ${cluster.centerId}`,
    `  Radius...................: ${cluster.radius.toFixed(2)} ${unit}`,
    `  Time frame...............: ${cluster.startDate} to ${cluster.endDate}`,
    `  Number of cases..........: ${cluster.observed}`,
    `  Expected cases...........: ${cluster.expected.toFixed(2)}`,
    `  Observed / expected......: ${(cluster.observed / cluster.expected).toFixed(2)}`,
    `  Test statistic...........: ${cluster.llr.toFixed(6)}`,
    `  P-value..................: ${pValueText(cluster.pValue, replications)}`,
  ];
  if (cluster.recurrenceIntervalDays !== null) {
    lines.push(`  Recurrence interval......: ${formatRecurrenceInterval(cluster.recurrenceIntervalDays)}`);
  }
  return lines;
}

/** The result as text, clusters in SaTScan's order (the most likely first). */
export function formatScanReport(
  result: ScanResult,
  options: { latLong: boolean; prospective: boolean },
): string {
  const unit = options.latLong ? 'km' : '';
  const header = [
    `Space-time permutation scan, ${options.prospective ? 'prospective' : 'retrospective'}`,
    `Locations: ${result.locations}   Cases: ${result.cases}   Days: ${result.days}   Circles: ${result.circles}   Replications: ${result.replications}`,
    '',
    result.clusters.length === 0 ? 'No clusters found.' : 'CLUSTERS DETECTED',
  ];
  return [
    ...header,
    ...result.clusters.flatMap((cluster, i) => [
      ...clusterLines(cluster, i, result.replications, unit).map((l) => l.trimEnd()),
      '',
    ]),
  ].join('\n');
}
