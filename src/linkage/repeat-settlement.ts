import { personsSharingMatchKeys } from '../persons/person-vault.js';
import type { Queryable } from '../platform/database.js';
import { updateRepeatStatuses } from '../surveillance/overdose-writer.js';
import { type PersonOverdose, type RepeatStatus, repeatStatuses } from '../surveillance/repeat-overdoses.js';
import { moveRepeatStatus, type RollupDelta } from '../surveillance/rollup-increments.js';
import { overdosesOfPersons, personsNamedByOverdoses, readRepeatStatuses } from './repeat-repository.js';

/**
 * Brings the repeat status of every overdose a transaction may have changed up to date: the overdoses
 * of the persons it wrote (by match key, so an earlier overdose that arrives late turns the later ones
 * into repeats) and the overdoses it rebuilt. Runs inside intake's transaction after the writes, not
 * while batches are prepared, because the batch before may hold the same person. Which persons are one
 * person is the vault's answer (by match key); this never reads the persons table. Changed statuses
 * move their counts in `delta`; returns the overdoses whose status changed.
 */
export async function settleRepeatOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  touched: { matchKeys: readonly Buffer[]; overdoseIds: readonly string[] },
  delta: RollupDelta,
): Promise<string[]> {
  if (touched.matchKeys.length === 0 && touched.overdoseIds.length === 0) return [];
  // The persons written now, and those any version of a rebuilt overdose's reports named before (a
  // correction may take a person away, and their later overdoses may stop being repeats).
  const namedBefore = await personsNamedByOverdoses(tx, jurisdictionId, touched.overdoseIds, false);
  const same = await personsSharingMatchKeys(tx, jurisdictionId, {
    personIds: namedBefore,
    matchKeys: touched.matchKeys,
  });
  const current = await readRepeatStatuses(tx, jurisdictionId, [...same.keys()], touched.overdoseIds);
  if (current.length === 0) return [];
  const named = await personsNamedByOverdoses(
    tx,
    jurisdictionId,
    current.map((c) => c.id),
    true,
  );
  const keyOf = await personsSharingMatchKeys(tx, jurisdictionId, { personIds: named, matchKeys: [] });
  const links = new Map<string, PersonOverdose>();
  for (const row of await overdosesOfPersons(tx, jurisdictionId, [...keyOf.keys()])) {
    const key = keyOf.get(row.person_id) as string;
    links.set(`${key}|${row.overdose_id}`, {
      key,
      overdoseId: row.overdose_id,
      occurredAt: new Date(row.occurred_at),
    });
  }
  const statuses = repeatStatuses(
    [...links.values()],
    current.map((c) => c.id),
  );
  const changed = current.filter((c) => statuses.get(c.id) !== c.repeat_status);
  if (changed.length === 0) return [];
  for (const c of changed)
    moveRepeatStatus(delta, c.day, c.repeat_status as RepeatStatus, statuses.get(c.id) as RepeatStatus);
  await updateRepeatStatuses(
    tx,
    jurisdictionId,
    changed.map((c) => ({ id: c.id, status: statuses.get(c.id) as string })),
  );
  return changed.map((c) => c.id);
}
