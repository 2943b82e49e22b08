import { gridDisk, polygonToCells } from 'h3-js';
import { queenNeighbours } from './area-adjacency.js';

/** The areas a hot-spot analysis compares: every area of a layer (counted or not) and who borders whom. */
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
 * The H3 resolution-7 cells whose centers lie in the given areas, each with the id of the area that
 * holds its center, which names the cell (the slow part: cache it).
 */
export function coveringCells(areas: readonly { id: string; geometry: unknown }[]): Map<string, string> {
  const cells = new Map<string, string>();
  for (const area of areas) {
    for (const polygon of polygonsOf(area.geometry)) {
      for (const cell of polygonToCells(polygon, 7, true)) if (!cells.has(cell)) cells.set(cell, area.id);
    }
  }
  return cells;
}

/**
 * The study area of H3 resolution-7 cells: the cells covering the jurisdiction's areas (so empty cells
 * count as zeros), plus any counted cell outside them; neighbours are the six cells around each one.
 * Without areas, the counted cells and the rings around them stand for the study area.
 */
export function cellStudyArea(
  covering: ReadonlyMap<string, string>,
  countedCells: readonly string[],
): StudyArea {
  const cells = new Set(covering.keys());
  for (const cell of countedCells) cells.add(cell);
  if (covering.size === 0) for (const cell of countedCells) for (const n of gridDisk(cell, 1)) cells.add(n);
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
