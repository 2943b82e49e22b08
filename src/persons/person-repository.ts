import type { Queryable } from '../platform/database.js';

/** A person as stored: sealed, with the match key under the key that sealed it. */
export interface StoredPerson {
  jurisdictionId: string;
  id: string;
  keyId: string;
  sealed: Uint8Array;
}

/** Inserts sealed persons, each with its stored match key (null when it cannot be identified). */
export async function insertPersons(
  tx: Queryable,
  jurisdictionId: string,
  persons: readonly { id: string; keyId: string; sealed: Buffer; matchKey: Buffer | null }[],
): Promise<void> {
  if (persons.length === 0) return;
  // One statement for the batch: a file whose every row names a person must not pay a round trip each.
  await tx.query(
    `insert into persons (jurisdiction_id, id, key_id, sealed, match_key)
     select $1, id, key_id, decode(sealed, 'hex'), decode(match_key, 'hex')
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) as u(id, key_id, sealed, match_key)`,
    [
      jurisdictionId,
      persons.map((p) => p.id),
      persons.map((p) => p.keyId),
      persons.map((p) => p.sealed.toString('hex')),
      persons.map((p) => p.matchKey?.toString('hex') ?? null),
    ],
  );
}

/** One sealed person, or null when the jurisdiction has none by that id. */
export async function findSealedPerson(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredPerson | null> {
  const [row] = await db.query<{ key_id: string; sealed: Uint8Array }>(
    'select key_id, sealed from persons where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, id],
  );
  return row ? { jurisdictionId, id, keyId: row.key_id, sealed: row.sealed } : null;
}

/**
 * Every person whose match key is one of `matchKeys` or the stored key of one of `personIds`, with
 * that key in hex: the persons the same name and birth date identify.
 */
export async function findPersonsSharingKeys(
  tx: Queryable,
  jurisdictionId: string,
  personIds: readonly string[],
  matchKeys: readonly Buffer[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (personIds.length === 0 && matchKeys.length === 0) return found;
  const rows = await tx.query<{ id: string; key: string }>(
    `with keys as (
       select decode(h, 'hex') as match_key from unnest($2::text[]) h
       union select match_key from persons
       where jurisdiction_id = $1 and id = any($3::uuid[]) and match_key is not null)
     select p.id, encode(p.match_key, 'hex') as key
     from keys k join persons p on p.jurisdiction_id = $1 and p.match_key = k.match_key`,
    [jurisdictionId, matchKeys.map((k) => k.toString('hex')), personIds],
  );
  for (const row of rows) found.set(row.id, row.key);
  return found;
}

/** Locks and returns up to `limit` persons not sealed with `currentKeyId` (a page of a key rotation). */
export async function lockPersonsSealedWithOtherKeys(
  tx: Queryable,
  currentKeyId: string,
  limit: number,
): Promise<StoredPerson[]> {
  const rows = await tx.query<{ jurisdiction_id: string; id: string; key_id: string; sealed: Uint8Array }>(
    'select jurisdiction_id, id, key_id, sealed from persons where key_id <> $1 limit $2 for update',
    [currentKeyId, limit],
  );
  return rows.map((r) => ({
    jurisdictionId: r.jurisdiction_id,
    id: r.id,
    keyId: r.key_id,
    sealed: r.sealed,
  }));
}

/** Replaces a person's sealed details and match key (after re-sealing under another key). */
export async function updateSealedPerson(
  tx: Queryable,
  person: StoredPerson & { matchKey: Buffer | null },
): Promise<void> {
  await tx.query(
    'update persons set key_id = $3, sealed = $4, match_key = $5 where jurisdiction_id = $1 and id = $2',
    [person.jurisdictionId, person.id, person.keyId, person.sealed, person.matchKey],
  );
}

/** Persons per key id (how far a key rotation has gone). */
export async function countPersonsByKey(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ key_id: string; n: number }>(
    'select key_id, count(*)::int as n from persons group by key_id',
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}
