import { type Actor, auditActor } from '../access/roles.js';
import type { IntakeAdapter, SourceItem, SourceRecord, UnreadableRecord } from './adapters/intake-adapter.js';
import { prepareIntake } from './intake-preparation.js';
import {
  authorizeBatch,
  geocodeBatch,
  type IntakeBatch,
  type IntakeDependencies,
  type IntakeItem,
  type IntakeItemResult,
  ingestReports,
  writeIntake,
} from './intake-service.js';

/** The answer about one record, beside the record and where it was. */
export interface PositionedResult {
  result: IntakeItemResult;
  item: SourceRecord;
}

/** One run of intake: what an adapter reads from one source, for one organization. */
export interface IntakeRun<Source> {
  jurisdiction: IntakeBatch['jurisdiction'];
  organization: IntakeBatch['organization'];
  adapter: IntakeAdapter<Source>;
  source: Source;
  /**
   * Records per transaction of a `file` source (a `request` is always one); a function is asked again
   * for each batch (a paced backfill's batches shrink while live work runs).
   */
  batchSize?: number | (() => number);
  /** Told of every item as it is read (skipped ones too), before it is validated. */
  onRead?: (item: SourceItem) => void;
  /** Told of each part the adapter could not read as a record, as soon as it is read. */
  onUnreadable?: (item: UnreadableRecord) => Promise<void> | void;
  /** Told of the answers of each batch once it has committed, in the order read. */
  onWritten: (answers: PositionedResult[]) => Promise<void> | void;
}

/**
 * The one intake pipeline: the adapter's records are validated and written batch by batch, and every
 * record gets an answer. A request is one transaction. A file is applied in order: while one batch is
 * in the database the next is read, validated and written out as COPY text (at most two batches in
 * flight, so memory stays flat), a record id seen again cuts the batch so the earlier row commits
 * first, and an interrupted file leaves whole batches.
 */
export async function runIntake<Source>(
  deps: IntakeDependencies,
  actor: Actor,
  run: IntakeRun<Source>,
): Promise<void> {
  const { adapter, jurisdiction, organization } = run;
  authorizeBatch(actor, { channel: adapter.channel, jurisdiction, organization });
  const batchOf = (records: readonly SourceRecord[]) => ({
    jurisdiction,
    organization,
    channel: adapter.channel,
    knownKeys: adapter.knownKeys,
    items: records.map((r) => r.record),
  });
  const answers = (records: readonly SourceRecord[], results: readonly IntakeItemResult[]) =>
    results.map((result) => ({ result, item: records[result.index] as SourceRecord }));

  if (adapter.delivery === 'request') {
    const records: SourceRecord[] = [];
    for await (const item of adapter.read(run.source)) {
      run.onRead?.(item);
      if (item.kind === 'unreadable') await run.onUnreadable?.(item);
      else if (item.kind === 'record') records.push(item);
    }
    const items = records.map((r) => r.record);
    const write = (grouped: IntakeItem[], requestSizes: readonly number[]) =>
      ingestReports(deps, actor, { ...batchOf(records), items: grouped, requestSizes });
    const results = deps.lanes
      ? await deps.lanes.submit(laneKey(actor, run), items, write)
      : await write(items, [items.length]);
    await run.onWritten(answers(records, results));
    return;
  }

  const batchSize = run.batchSize ?? 5000;
  let limit = typeof batchSize === 'number' ? batchSize : batchSize();
  let pending: SourceRecord[] = [];
  const batchIds = new Set<string>();
  let inflight: Promise<void> = Promise.resolve();
  let beforeInflight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (pending.length === 0) return;
    const records = pending;
    pending = [];
    batchIds.clear();
    const previous = inflight;
    const geocoded = await geocodeBatch(deps, batchOf(records));
    const prepared = await prepareIntake(deps, { ...geocoded, after: previous });
    await beforeInflight;
    beforeInflight = previous;
    inflight = writeIntake(deps, actor, prepared).then((results) => run.onWritten(answers(records, results)));
    // Failures surface when the pipeline is drained below; this only keeps Node from calling them unhandled.
    inflight.catch(() => {});
  };
  try {
    for await (const item of adapter.read(run.source)) {
      run.onRead?.(item);
      if (item.kind === 'skipped') continue;
      if (item.kind === 'unreadable') {
        await run.onUnreadable?.(item);
        continue;
      }
      const id = item.record.fields.source_record_id;
      const key = typeof id === 'string' ? id.trim() : null;
      if (key && batchIds.has(key)) await flush();
      if (key) batchIds.add(key);
      pending.push(item);
      if (pending.length >= limit) {
        await flush();
        limit = typeof batchSize === 'number' ? batchSize : batchSize();
      }
    }
    await flush();
  } finally {
    // Whatever stopped the reading, the batches already sent finish (each is whole or absent).
    await inflight.catch(() => {});
  }
  await inflight;
}

/**
 * The lane of a request (submission-lanes.ts): requests are written together only when they come
 * from one submitter, for one organization, through one adapter.
 */
function laneKey(
  actor: Actor,
  run: { jurisdiction: { id: string }; organization: { id: string }; adapter: { name: string } },
): string {
  const { actorType, actorId } = auditActor(actor);
  return [run.jurisdiction.id, run.organization.id, run.adapter.name, actorType, actorId].join(' ');
}
