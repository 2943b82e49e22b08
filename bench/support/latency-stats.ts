/** Percentiles of a set of latencies, by the nearest-rank method. */

/** Summary of latencies in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The value at `q` (0..1] of ascending `sorted`: the smallest value with at least q of the set at or below it. */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** Summarizes latencies (any order). */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? total / sorted.length : Number.NaN,
    p50: nearestRank(sorted, 0.5),
    p95: nearestRank(sorted, 0.95),
    p99: nearestRank(sorted, 0.99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
  };
}

/** One line: "n=7000 mean 4.1 p50 3.2 p95 8.0 p99 12.5 max 40.2 ms". */
export function formatLatencies(s: LatencySummary): string {
  const ms = (v: number) => v.toFixed(1);
  return `n=${s.count} mean ${ms(s.mean)} p50 ${ms(s.p50)} p95 ${ms(s.p95)} p99 ${ms(s.p99)} max ${ms(s.max)} ms`;
}
