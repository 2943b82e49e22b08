import type { IntakeItem, IntakeItemResult } from './intake-service.js';

/** One request waiting in a lane: its items, and how its caller is answered. */
interface WaitingRequest {
  items: IntakeItem[];
  ids: Set<string>;
  resolve(results: IntakeItemResult[]): void;
  reject(error: unknown): void;
}

/**
 * Writes the items of several requests in one transaction; `requestSizes` are their item counts, in
 * order. Answers every item, indexed in the combined list.
 */
export type LaneWriter = (
  items: IntakeItem[],
  requestSizes: readonly number[],
) => Promise<IntakeItemResult[]>;

/** A submitter's lane: the requests waiting, and the record ids of the groups being written. */
interface Lane {
  waiting: WaitingRequest[];
  writing: Set<string>[];
}

/**
 * Group commit for submitters' requests. Every intake transaction of a jurisdiction updates the same
 * rows at its end (the day's rollups, the audit chain's head, the live log's position) and holds them
 * to its commit, so transactions of one submitter never finish side by side anyway: at 200
 * single-report POSTs a second, one transaction each, they queued on those rows without bound. Here a
 * submitter's requests form a lane with at most `depth` groups in flight (two: one is prepared while
 * the other holds those rows); requests that arrive meanwhile wait and go together in the next group,
 * each answered about its own items. A lane with room writes a request at once, so nothing waits
 * that did not have to.
 */
export class SubmissionLanes {
  private readonly lanes = new Map<string, Lane>();

  /**
   * @param maxItems most items one transaction takes (a request larger than this still goes alone).
   * @param depth most groups of one lane in flight at once.
   */
  constructor(
    private readonly maxItems: number,
    private readonly depth = 1,
  ) {}

  /**
   * Writes `items` in the lane `key` (requests written together must share their submitter, their
   * organization and their channel; the key says so), with `write` when the request leads its group.
   */
  submit(key: string, items: IntakeItem[], write: LaneWriter): Promise<IntakeItemResult[]> {
    return new Promise((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { waiting: [], writing: [] };
        this.lanes.set(key, lane);
      }
      lane.waiting.push({ items, ids: recordIds(items), resolve, reject });
      this.startGroups(key, lane, write);
    });
  }

  /** Starts groups while the lane has room and requests wait; forgets the lane once it is empty. */
  private startGroups(key: string, lane: Lane, write: LaneWriter): void {
    while (lane.writing.length < this.depth && lane.waiting.length > 0) {
      // A record a group in flight names waits for it, so a correction is never written before its record.
      const group = takeGroup(lane.waiting, this.maxItems, new Set(lane.writing.flatMap((ids) => [...ids])));
      if (group.length === 0) break;
      const ids = new Set(group.flatMap((r) => [...r.ids]));
      lane.writing.push(ids);
      void writeGroup(group, write).then(() => {
        lane.writing.splice(lane.writing.indexOf(ids), 1);
        this.startGroups(key, lane, write);
      });
    }
    if (lane.writing.length === 0 && lane.waiting.length === 0) this.lanes.delete(key);
  }
}

/** The source record ids a request names (a lane never puts two requests naming one record in one group). */
function recordIds(items: readonly IntakeItem[]): Set<string> {
  const ids = new Set<string>();
  for (const { fields } of items) {
    const id = fields.source_record_id;
    if (typeof id === 'string' && id.trim() !== '') ids.add(id.trim());
  }
  return ids;
}

/**
 * Takes the next group from the front of the queue, in arrival order: it stops before a request that
 * would pass `maxItems` or that names a record an earlier request of the group names (so a correction
 * sent right after its record is written after it, as when sent alone), and takes nothing while the
 * first request names a record of a group `inFlight`. Otherwise the first request always goes.
 */
export function takeGroup<R extends { items: readonly unknown[]; ids: ReadonlySet<string> }>(
  queue: R[],
  maxItems: number,
  inFlight: ReadonlySet<string> = new Set(),
): R[] {
  const group: R[] = [];
  const named = new Set<string>();
  let size = 0;
  while (queue.length > 0) {
    const next = queue[0] as R;
    if ([...next.ids].some((id) => inFlight.has(id))) break;
    const clash = [...next.ids].some((id) => named.has(id));
    if (group.length > 0 && (clash || size + next.items.length > maxItems)) break;
    queue.shift();
    group.push(next);
    size += next.items.length;
    for (const id of next.ids) named.add(id);
  }
  return group;
}

/** Writes one group and answers each of its requests with its own items' results, indexed from 0. */
async function writeGroup(group: readonly WaitingRequest[], write: LaneWriter): Promise<void> {
  try {
    const results = await write(
      group.flatMap((r) => r.items),
      group.map((r) => r.items.length),
    );
    let offset = 0;
    for (const request of group) {
      const end = offset + request.items.length;
      const own = results
        .filter((r) => r.index >= offset && r.index < end)
        .map((r) => ({ ...r, index: r.index - offset }));
      request.resolve(own);
      offset = end;
    }
  } catch (error) {
    for (const request of group) request.reject(error);
  }
}
