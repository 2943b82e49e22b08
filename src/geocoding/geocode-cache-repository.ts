import type { Queryable } from '../platform/database.js';
import type { GazetteerPoint } from './gazetteer.js';

/** A cached answer: the point found, or null when the geocoder knew the address not. */
export interface CachedAnswer {
  point: GazetteerPoint | null;
  fetchedAt: Date;
}

/** The cached answers for address hashes of a jurisdiction. */
export async function readCachedAnswers(
  db: Queryable,
  jurisdictionId: string,
  hashes: readonly string[],
): Promise<Map<string, CachedAnswer>> {
  if (hashes.length === 0) return new Map();
  const rows = await db.query<{
    address_hash: string;
    latitude: number | null;
    longitude: number | null;
    fetched_at: Date;
  }>(
    `select address_hash, latitude, longitude, fetched_at from geocoded_addresses
     where jurisdiction_id = $1 and address_hash = any($2::text[])`,
    [jurisdictionId, hashes],
  );
  return new Map(
    rows.map((r) => [
      r.address_hash,
      {
        point:
          r.latitude !== null && r.longitude !== null
            ? { latitude: r.latitude, longitude: r.longitude }
            : null,
        fetchedAt: new Date(r.fetched_at),
      },
    ]),
  );
}

/** Stores answers (a newer one replaces the old). */
export async function storeAnswers(
  db: Queryable,
  jurisdictionId: string,
  answers: readonly { hash: string; point: GazetteerPoint | null }[],
  fetchedAt: Date,
): Promise<void> {
  if (answers.length === 0) return;
  await db.query(
    `insert into geocoded_addresses (jurisdiction_id, address_hash, latitude, longitude, precision, fetched_at)
     select $1, h, lat, lon, 'address', $5 from unnest($2::text[], $3::float8[], $4::float8[]) as v(h, lat, lon)
     on conflict (jurisdiction_id, address_hash) do update set
       latitude = excluded.latitude, longitude = excluded.longitude, fetched_at = excluded.fetched_at`,
    [
      jurisdictionId,
      answers.map((a) => a.hash),
      answers.map((a) => a.point?.latitude ?? null),
      answers.map((a) => a.point?.longitude ?? null),
      fetchedAt,
    ],
  );
}
