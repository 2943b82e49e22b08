import { personsSharingMatchKeys } from '../persons/person-vault.js';
import type { Queryable } from '../platform/database.js';
import { overdosesOfPersons, personsNamedByOverdoses } from './repeat-repository.js';

/** The person an overdose names and every overdose of that person, found by the vault's match keys. */
export interface SamePersonOverdoses {
  /** The persons the overdose's reports name (newest versions), first: copies of one person across sources. */
  personIds: string[];
  /** Every person sharing their match key (the same name and birth date), theirs included. */
  samePersonIds: string[];
  /** The overdoses of those persons, the given one included, oldest first. */
  overdoses: { overdoseId: string; occurredAt: Date }[];
}

/**
 * Linkage's face for fatality reviews: who an overdose names and that person's other overdoses (the repeat
 * overdoses settled by match key), without opening anyone. No actor is checked here: the caller is a
 * service that has checked its reader's.
 */
export async function overdosesOfSamePerson(
  db: Queryable,
  jurisdictionId: string,
  overdoseId: string,
): Promise<SamePersonOverdoses> {
  const personIds = await personsNamedByOverdoses(db, jurisdictionId, [overdoseId], true);
  if (personIds.length === 0) return { personIds: [], samePersonIds: [], overdoses: [] };
  const same = await personsSharingMatchKeys(db, jurisdictionId, { personIds, matchKeys: [] });
  const keys = new Set(personIds.map((id) => same.get(id)).filter((k): k is string => k !== undefined));
  const samePersonIds = [...same].filter(([, key]) => keys.has(key)).map(([id]) => id);
  const all = [...new Set([...personIds, ...samePersonIds])];
  const seen = new Map<string, Date>();
  for (const row of await overdosesOfPersons(db, jurisdictionId, all)) {
    seen.set(row.overdose_id, new Date(row.occurred_at));
  }
  const overdoses = [...seen]
    .map(([id, at]) => ({ overdoseId: id, occurredAt: at }))
    .sort(
      (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.overdoseId.localeCompare(b.overdoseId),
    );
  return { personIds, samePersonIds: all, overdoses };
}
