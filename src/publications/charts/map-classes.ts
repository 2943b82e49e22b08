/**
 * Five classes for a choropleth, from the shown values above zero: quantile breaks, so each class
 * holds about as many areas and the colours spread over the map. Zero and hidden values stay out
 * (they get their own marks), so a suppressed figure can never move a break.
 */
export interface MapClass {
  /** The smallest and largest shown value in the class. */
  low: number;
  high: number;
}

export function mapClasses(values: number[], count = 5): MapClass[] {
  const sorted = values.filter((value) => Number.isFinite(value) && value > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const classes: MapClass[] = [];
  let start = 0;
  for (let c = 1; c <= count && start < sorted.length; c++) {
    // The class ends at its quantile, and takes every copy of that value, so ties never split.
    let end = Math.max(start, Math.ceil((c * sorted.length) / count) - 1);
    const high = sorted[end] as number;
    while (end + 1 < sorted.length && sorted[end + 1] === high) end++;
    classes.push({ low: sorted[start] as number, high });
    start = end + 1;
  }
  return classes;
}

/** The class a value falls in: the first whose top reaches it; -1 for zero or no classes. */
export function classOf(value: number, classes: MapClass[]): number {
  if (!(value > 0)) return -1;
  const index = classes.findIndex((entry) => value <= entry.high);
  return index >= 0 ? index : classes.length - 1;
}
