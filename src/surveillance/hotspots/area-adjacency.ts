type Position = readonly number[];

function rings(geometry: unknown): Position[][] {
  const g = geometry as { type?: string; coordinates?: unknown };
  if (g?.type === 'Polygon') return g.coordinates as Position[][];
  if (g?.type === 'MultiPolygon') return (g.coordinates as Position[][][]).flat();
  return [];
}

/**
 * Queen contiguity: two areas are neighbours when their boundaries share at least one vertex.
 * Boundaries cut from one source share their vertices exactly; coordinates are compared at about
 * 1 cm (7 decimals) so that float noise in re-exported files does not break a shared edge.
 */
export function queenNeighbours(geometries: readonly unknown[]): number[][] {
  const byVertex = new Map<string, number[]>();
  geometries.forEach((geometry, index) => {
    const seen = new Set<string>();
    for (const ring of rings(geometry)) {
      for (const [x, y] of ring) {
        const key = `${(x as number).toFixed(7)},${(y as number).toFixed(7)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const areas = byVertex.get(key);
        if (areas) areas.push(index);
        else byVertex.set(key, [index]);
      }
    }
  });
  const neighbours = geometries.map(() => new Set<number>());
  for (const areas of byVertex.values()) {
    if (areas.length < 2) continue;
    for (const a of areas) for (const b of areas) if (a !== b) neighbours[a]?.add(b);
  }
  return neighbours.map((set) => [...set].sort((a, b) => a - b));
}
