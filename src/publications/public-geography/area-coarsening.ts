import { queenNeighbours } from '../../surveillance/hotspots/area-adjacency.js';

/** An area of the report layer as coarsening reads it. */
export interface LayerAreaInput {
  id: string;
  name: string;
  population: number | null;
  /** GeoJSON Polygon or MultiPolygon, longitude/latitude. */
  geometry: unknown;
}

/** A public area: one layer area of at least the minimum population, or several neighbouring ones merged. */
export interface PublicAreaGroup {
  id: string;
  name: string;
  population: number;
  memberIds: string[];
  /** The members' polygons as one MultiPolygon (inner borders stay: nothing is dissolved). */
  geometry: { type: 'MultiPolygon'; coordinates: unknown[] };
}

/** The smallest public area by default: 20,000 residents. */
export const DEFAULT_MIN_POPULATION = 20_000;

type Position = readonly [number, number];

function polygons(geometry: unknown): unknown[] {
  const g = geometry as { type?: string; coordinates?: unknown[] } | null;
  if (g?.type === 'Polygon') return [g.coordinates];
  if (g?.type === 'MultiPolygon') return g.coordinates ?? [];
  return [];
}

/** The mean of a geometry's outer ring vertices: enough to find the nearest group of an island. */
function centroid(geometry: unknown): Position {
  let x = 0;
  let y = 0;
  let n = 0;
  for (const polygon of polygons(geometry) as Position[][][]) {
    for (const [px, py] of polygon[0] ?? []) {
      x += px;
      y += py;
      n += 1;
    }
  }
  return n ? [x / n, y / n] : [0, 0];
}

/**
 * Merges layer areas until every public area holds at least `minPopulation` residents.
 *
 * Rules: neighbours share a boundary vertex (queen contiguity). While some group is below the
 * minimum, the smallest one (ties: the smaller id) merges with its neighbouring group of smallest
 * population, so small areas join small areas and large towns stay whole; a group with no
 * neighbour (an island) merges with the group whose centre is nearest. An area of unknown population
 * counts as 0 and so is always merged. If the whole layer is below the minimum, it is one area.
 *
 * A group's id is its smallest member id (stable while the layer is), its name the largest member's
 * name "and N neighbouring places" (all names when there are three or fewer).
 */
export function coarsenAreas(
  layerAreas: readonly LayerAreaInput[],
  options: { minPopulation?: number } = {},
): { groups: PublicAreaGroup[] } {
  const minimum = options.minPopulation ?? DEFAULT_MIN_POPULATION;
  const neighbours = queenNeighbours(layerAreas.map((p) => p.geometry));
  const centres = layerAreas.map((p) => centroid(p.geometry));
  // Union-find over layer area indexes, with each root's members, population and neighbouring roots.
  const parent = layerAreas.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const members = layerAreas.map((_, i) => [i]);
  const population = layerAreas.map((p) => Math.max(0, p.population ?? 0));
  const alive = new Set(layerAreas.map((_, i) => i));
  const groupNeighbours = (r: number): Set<number> => {
    const out = new Set<number>();
    for (const m of members[r] ?? []) for (const n of neighbours[m] ?? []) out.add(root(n));
    out.delete(r);
    return out;
  };
  const minId = (r: number) => (members[r] ?? []).map((m) => layerAreas[m]?.id ?? '').sort()[0] ?? '';
  const centre = (r: number): Position => {
    const ms = members[r] ?? [];
    const sum = ms.reduce<[number, number]>(
      (acc, m) => [acc[0] + (centres[m]?.[0] ?? 0), acc[1] + (centres[m]?.[1] ?? 0)],
      [0, 0],
    );
    return [sum[0] / ms.length, sum[1] / ms.length];
  };
  while (alive.size > 1) {
    let small: number | undefined;
    for (const r of alive) {
      if ((population[r] ?? 0) >= minimum) continue;
      if (
        small === undefined ||
        (population[r] ?? 0) < (population[small] ?? 0) ||
        ((population[r] ?? 0) === (population[small] ?? 0) && minId(r) < minId(small))
      )
        small = r;
    }
    if (small === undefined) break;
    let candidates = [...groupNeighbours(small)];
    if (candidates.length === 0) {
      const [cx, cy] = centre(small);
      const distance = (r: number) => {
        const [x, y] = centre(r);
        return (x - cx) ** 2 + (y - cy) ** 2;
      };
      const others = [...alive].filter((r) => r !== small);
      const nearest = Math.min(...others.map(distance));
      candidates = others.filter((r) => distance(r) === nearest);
    }
    candidates.sort((a, b) => (population[a] ?? 0) - (population[b] ?? 0) || (minId(a) < minId(b) ? -1 : 1));
    const into = candidates[0] as number;
    parent[small] = into;
    members[into] = [...(members[into] ?? []), ...(members[small] ?? [])];
    population[into] = (population[into] ?? 0) + (population[small] ?? 0);
    alive.delete(small);
  }
  const groups = [...alive].map((r) => {
    const ms = [...(members[r] ?? [])].sort((a, b) => (population[b] ?? 0) - (population[a] ?? 0));
    const byPopulation = ms
      .map((m) => layerAreas[m] as LayerAreaInput)
      .sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || (a.id < b.id ? -1 : 1));
    const names = byPopulation.map((p) => p.name);
    const name =
      names.length <= 3
        ? names.length === 1
          ? (names[0] as string)
          : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
        : `${names[0]} and ${names.length - 1} neighbouring places`;
    return {
      id: minId(r),
      name,
      population: population[r] ?? 0,
      memberIds: byPopulation.map((p) => p.id),
      geometry: {
        type: 'MultiPolygon' as const,
        coordinates: byPopulation.flatMap((p) => polygons(p.geometry)),
      },
    };
  });
  groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { groups };
}
