/**
 * Axis ticks from 0 to a round number at or above `max`, stepping by 1, 2 or 5 times a power of ten,
 * so a reader can interpolate. `minStep` keeps count axes on whole numbers (no tick at 0.5 overdoses).
 */
export function niceTicks(max: number, options: { count?: number; minStep?: number } = {}): number[] {
  const count = options.count ?? 5;
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const step = Math.max(niceStep(top / count), options.minStep ?? 0);
  const steps = Math.ceil(roundOff(top / step));
  return Array.from({ length: steps + 1 }, (_, i) => roundOff(i * step));
}

/** The smallest of 1, 2, 5 or 10 times a power of ten that is at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const multiple = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return roundOff(multiple * power);
}

/** Clears binary rounding noise (0.30000000000000004 → 0.3) so ticks print as written. */
function roundOff(value: number): number {
  return Number(value.toPrecision(12));
}
