import { gridDisk, latLngToCell } from 'h3-js';
import type { EventRecord } from './event-record.js';

/**
 * Candidate pairs: the pairs of reports worth comparing, found by blocking as intake looks candidates
 * up, so that estimation sees the pairs intake will score. Two reports with the incident's own point and
 * a time of day pair when they lie in the same or neighbouring H3 resolution-7 cells (about 1.2 km
 * across) within `EVENT_WINDOW_MS`. A report with only a centroid (ZIP, place) or only a date pairs
 * with the reports of its ZIP (else city, else county): within the window when both have a time of
 * day, within a day otherwise. Two reports of one organization never pair (one source sends one record
 * of an event).
 */

/** How far apart in time two timed reports of one event may be: an ED visit comes hours after the call. */
export const EVENT_WINDOW_MS = 6 * 3_600_000;

/** How many days apart a date-only record (a death's date) and another report of its event may be. */
export const EVENT_DAY_WINDOW = 1;

const DAY_MS = 86_400_000;

/** Candidate pairs as two parallel index arrays (a < b is not promised), `count` long. */
export interface CandidatePairs {
  a: Int32Array;
  b: Int32Array;
  count: number;
}

/** A growable pair list, keeping only pairs across `crossAt` when it is given. */
class PairList {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  count = 0;

  constructor(private readonly crossAt?: number) {}

  push(a: number, b: number): void {
    if (this.crossAt !== undefined && a < this.crossAt === b < this.crossAt) return;
    if (this.count === this.a.length) {
      const size = this.a.length * 2;
      const grownA = new Int32Array(size);
      const grownB = new Int32Array(size);
      grownA.set(this.a);
      grownB.set(this.b);
      this.a = grownA;
      this.b = grownB;
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.count++;
  }
}

/** Whether a report pairs by its place names rather than by its point: a centroid only, or a date only. */
export function pairsByPlace(record: EventRecord): boolean {
  return !record.timeKnown || !record.precise || record.latitude === null || record.longitude === null;
}

/** The resolution-7 cell of a point: its block with its neighbours. */
export function eventCell(latitude: number, longitude: number): string {
  return latLngToCell(latitude, longitude, 7);
}

/** The place key a report without its own point (or time) is blocked by: its ZIP, else city, else county. */
function placeKey(record: EventRecord): string | null {
  if (record.zip !== null) return `z${record.zip}`;
  if (record.city !== null) return `c${record.city}`;
  if (record.county !== null) return `k${record.county}`;
  return null;
}

/** Whether two reports are near enough in time to be one event. */
function nearInTime(x: EventRecord, y: EventRecord): boolean {
  if (x.timeKnown && y.timeKnown) return Math.abs(x.at - y.at) <= EVENT_WINDOW_MS;
  return Math.abs(x.day - y.day) <= EVENT_DAY_WINDOW;
}

/**
 * Finds the candidate pairs among `records`; with `crossAt`, only the pairs of a record before that
 * index with one from it on (two sets blocked against each other, as decoy pairs are).
 */
export function findCandidatePairs(records: readonly EventRecord[], crossAt?: number): CandidatePairs {
  const pairs = new PairList(crossAt);
  pairNearPoints(records, pairs, crossAt);
  pairByPlaceNames(records, pairs, crossAt);
  return { a: pairs.a, b: pairs.b, count: pairs.count };
}

/**
 * Reports with their own point and time: same or neighbouring r7 cell, within the window. Across
 * `crossAt`, only the second set's reports look (the pairs are symmetric).
 */
function pairNearPoints(records: readonly EventRecord[], pairs: PairList, crossAt?: number): void {
  const cellIds = new Map<string, number>();
  const neighbours: number[][] = [];
  const cellOf = new Int32Array(records.length).fill(-1);
  const buckets = new Map<number, number[]>();
  const idOf = (cell: string): number => {
    let id = cellIds.get(cell);
    if (id === undefined) {
      id = cellIds.size;
      cellIds.set(cell, id);
    }
    return id;
  };
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as EventRecord;
    if (pairsByPlace(r)) continue;
    const cell = eventCell(r.latitude as number, r.longitude as number);
    const id = idOf(cell);
    if (neighbours[id] === undefined) neighbours[id] = gridDisk(cell, 1).map(idOf);
    cellOf[i] = id;
    // A bucket is one window long, so a report's pairs are in its bucket and the two beside it.
    const key = id * 2 ** 21 + Math.floor(r.at / EVENT_WINDOW_MS);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  }
  for (let i = crossAt ?? 0; i < records.length; i++) {
    const id = cellOf[i] as number;
    if (id < 0) continue;
    const r = records[i] as EventRecord;
    const slot = Math.floor(r.at / EVENT_WINDOW_MS);
    for (const cell of neighbours[id] as number[]) {
      for (let s = slot - 1; s <= slot + 1; s++) {
        const bucket = buckets.get(cell * 2 ** 21 + s);
        if (!bucket) continue;
        for (const j of bucket) {
          if (crossAt === undefined ? j <= i : j >= crossAt) continue;
          const o = records[j] as EventRecord;
          if (o.organizationId !== r.organizationId && Math.abs(o.at - r.at) <= EVENT_WINDOW_MS)
            pairs.push(i, j);
        }
      }
    }
  }
}

/**
 * Reports with a centroid or a date only, against every report of their ZIP (else city, else county)
 * near in time; a pair of two such reports is found once. Across `crossAt`, each report looks only
 * among the other set's.
 */
function pairByPlaceNames(records: readonly EventRecord[], pairs: PairList, crossAt?: number): void {
  const n = records.length;
  const at = new Float64Array(n);
  const byPlace = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i] as EventRecord;
    at[i] = r.at;
    byPlace[i] = pairsByPlace(r) ? 1 : 0;
  }
  // One sort of every record by time; the lists filled in that order are sorted too.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => (at[x] as number) - (at[y] as number),
  );
  // One index for all, or one per set across `crossAt` (a report walks the other set's lists).
  const sides = [new Map<string, number[]>(), new Map<string, number[]>()];
  const sideOf = (i: number) => (crossAt === undefined || i < crossAt ? 0 : 1);
  const index = (key: string, i: number) => {
    const byKey = sides[sideOf(i)] as Map<string, number[]>;
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  };
  for (const i of order) {
    const r = records[i] as EventRecord;
    if (r.zip !== null) index(`z${r.zip}`, i);
    if (r.city !== null) index(`c${r.city}`, i);
    if (r.county !== null) index(`k${r.county}`, i);
  }
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (byPlace[i] === 0) continue;
    const r = records[i] as EventRecord;
    const walked = sides[crossAt === undefined ? 0 : 1 - sideOf(i)] as Map<string, number[]>;
    const list = walked.get(placeKey(r) ?? '');
    if (!list) continue;
    // Wide enough for a date-only report on either side (noon of a day up to a day away).
    const span = Math.max(EVENT_WINDOW_MS, (EVENT_DAY_WINDOW + 1) * DAY_MS);
    const from = (at[i] as number) - span;
    const to = (at[i] as number) + span;
    // Binary search for the first report that could be near in time, then walk forward.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((at[list[mid] as number] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < list.length; k++) {
      const j = list[k] as number;
      if ((at[j] as number) > to) break;
      const o = records[j] as EventRecord;
      if (j === i || o.organizationId === r.organizationId || !nearInTime(r, o)) continue;
      if (byPlace[j] === 1) {
        // Both block by place: each may find the other, through the same or different keys.
        const key = i < j ? i * n + j : j * n + i;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      pairs.push(i, j);
    }
  }
}
