/** Number formats shared by the benchmarks' printed figures. */

/** A whole number with thousands separators: 1,234,567. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes in MiB with one decimal. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Seconds with two decimals. */
export function secs(seconds: number): string {
  return seconds.toFixed(2);
}

/** A share as a percentage with one decimal. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

/** The peak resident set size of this process so far, in bytes (the kernel's high-water mark). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
