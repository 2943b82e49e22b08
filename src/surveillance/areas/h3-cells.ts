import { cellToParent, latLngToCell } from 'h3-js';

/** Resolution of the coarse H3 cell (about 5 km² per cell). */
export const H3_COARSE_RESOLUTION = 7;
/** Resolution of the fine H3 cell (about 0.1 km² per cell). */
export const H3_FINE_RESOLUTION = 9;

/** The H3 cells of a point at resolutions 7 and 9. */
export function h3CellsFor(lat: number, lon: number): { h3r7: string; h3r9: string } {
  const h3r9 = latLngToCell(lat, lon, H3_FINE_RESOLUTION);
  // H3 children do not tile their parent exactly, so the r7 cell is taken as the r9 cell's parent
  // (not looked up from the point): counts rolled up from r9 then always agree with counts at r7.
  return { h3r7: cellToParent(h3r9, H3_COARSE_RESOLUTION), h3r9 };
}
