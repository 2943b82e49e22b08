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

/**
 * Group commit for submitters' requests. Every intake transaction of a jurisdiction updates the same
 * rows at its end (the day's rollups, the audit chain's head, the live log's position) and holds them
 * to its commit, so transactions of one submitter never finish side by side anyway: at 200
 * single-report POSTs a second, one transaction each, they queued on those rows without bound. Here a
 * submitter's requests form a lane with one transaction in flight; requests that arrive meanwhile
 * wait and are written together in the next one, each answered about its own items. An idle lane
 * writes a request at once, so nothing waits that did not have to. (Two in flight, one prepared
 * while the other held those rows, measured no better on two cores.)
 */
export class SubmissionLanes {
  private readonly lanes = new Map<string, WaitingRequest[]>();

  /** @param maxItems most items one transaction takes (a request larger than this still goes alone). */
  constructor(private readonly maxItems: number) {}

  /**
   * Writes `items` in the lane `key` (requests written together must share their submitter, their
   * organization and their channel; the key says so), with `write` when the request leads its group.
   */
  submit(key: string, items: IntakeItem[], write: LaneWriter): Promise<IntakeItemResult[]> {
    return new Promise((resolve, reject) => {
      const request = { items, ids: recordIds(items), resolve, reject };
      const waiting = this.lanes.get(key);
      if (waiting) {
        waiting.push(request);
        return;
      }
      this.lanes.set(key, []);
      void this.drain(key, [request], write);
    });
  }

  /** Writes groups while requests wait in the lane, then forgets the lane. */
  private async drain(key: string, first: WaitingRequest[], write: LaneWriter): Promise<void> {
    let group = first;
    while (group.length > 0) {
      await writeGroup(group, write);
      group = takeGroup(this.lanes.get(key) ?? [], this.maxItems);
    }
    this.lanes.delete(key);
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
 * sent right after its record is written after it, as when sent alone). The first request always goes.
 */
export function takeGroup<R extends { items: readonly unknown[]; ids: ReadonlySet<string> }>(
  queue: R[],
  maxItems: number,
): R[] {
  const group: R[] = [];
  const named = new Set<string>();
  let size = 0;
  while (queue.length > 0) {
    const next = queue[0] as R;
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
