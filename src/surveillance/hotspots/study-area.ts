import { gridDisk, polygonToCells } from 'h3-js';
import { queenNeighbours } from './area-adjacency.js';

/** The places a hot-spot analysis compares: every area of a layer (counted or not) and who borders whom. */
export interface StudyArea {
  ids: string[];
  neighbours: number[][];
}

/** The study area of an imported layer: its areas, neighbours by shared boundary points. */
export function layerStudyArea(areas: readonly { id: string; geometry: unknown }[]): StudyArea {
  return { ids: areas.map((a) => a.id), neighbours: queenNeighbours(areas.map((a) => a.geometry)) };
}

function polygonsOf(geometry: unknown): number[][][][] {
  const g = geometry as { type?: string; coordinates?: unknown };
  if (g?.type === 'Polygon') return [g.coordinates as number[][][]];
  if (g?.type === 'MultiPolygon') return g.coordinates as number[][][][];
  return [];
}

/**
 * The study area of H3 resolution-7 cells: every cell whose center lies in the jurisdiction's areas
 * (so empty cells count as zeros), plus any counted cell outside them; neighbours are the six cells
 * around each one.
 */
export function cellStudyArea(
  areaGeometries: readonly unknown[],
  countedCells: readonly string[],
): StudyArea {
  const cells = new Set<string>();
  for (const geometry of areaGeometries) {
    for (const polygon of polygonsOf(geometry)) {
      for (const cell of polygonToCells(polygon, 7, true)) cells.add(cell);
    }
  }
  for (const cell of countedCells) cells.add(cell);
  // Without any area to cover, the counted cells and their rings stand for the study area.
  if (areaGeometries.length === 0)
    for (const cell of countedCells) for (const n of gridDisk(cell, 1)) cells.add(n);
  const ids = [...cells].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const neighbours = ids.map((id) =>
    gridDisk(id, 1)
      .filter((n) => n !== id)
      .flatMap((n) => {
        const i = index.get(n);
        return i === undefined ? [] : [i];
      }),
  );
  return { ids, neighbours };
}
