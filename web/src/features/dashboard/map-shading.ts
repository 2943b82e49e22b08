/** What the map's fill shows: rate per 100,000 (count where the population is unknown), count, or Gi* z. */
export type ShadeBy = 'rate' | 'count' | 'z';

/** The fill colours from no overdoses to the highest value, evenly spaced over 0..1 of that value. */
export const SHADES = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;

/** The legend's title for what the fill shows, with its unit. */
export const SHADE_TITLES: Record<ShadeBy, string> = {
  rate: 'Overdoses per 100,000 residents (count where the population is unknown)',
  count: 'Overdoses (count)',
  z: 'Hot-spot score (Gi* z, above 0)',
};

/** One colour of the legend and the value it stands for. */
export interface ShadeStop {
  color: string;
  value: number;
  label: string;
}

/**
 * The legend's stops for a map whose highest value is `max`: each colour of SHADES at its share of
 * max, labelled with one decimal for rates and scores and as a whole number for counts.
 */
export function shadeStops(max: number, shadeBy: ShadeBy): ShadeStop[] {
  return SHADES.map((color, i) => {
    const value = (max * i) / (SHADES.length - 1);
    const label =
      shadeBy === 'count' ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 100 ? 0 : 1);
    return { color, value, label };
  });
}

/** An area's value for the shading (rate falls back to the count where the population is unknown). */
export function shadeValue(
  area: { count: number; rate: number | null; z?: number | null },
  shadeBy: ShadeBy,
): number {
  if (shadeBy === 'z') return Math.max(0, area.z ?? 0);
  if (shadeBy === 'count') return area.count;
  return area.rate ?? area.count;
}

/** The text of an area's hover label: its name and the value the map shows, with its unit. */
export function areaLabelText(
  area: { name: string; count: number; rate: number | null; z?: number | null; hot?: boolean },
  shadeBy: ShadeBy,
): string {
  const count = `${area.count.toLocaleString('en-US')} overdose${area.count === 1 ? '' : 's'}`;
  const rate = area.rate === null ? '' : `, ${area.rate.toFixed(1)} per 100,000`;
  const z = shadeBy === 'z' && area.z !== undefined && area.z !== null ? `, Gi* z ${area.z.toFixed(2)}` : '';
  return `${area.name}: ${count}${rate}${z}${area.hot ? ' (hot spot)' : ''}`;
}
