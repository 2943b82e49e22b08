import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';
import { addressKey } from './address-text.js';
import type { GazetteerPoint } from './gazetteer.js';
import { readCachedAnswers, storeAnswers } from './geocode-cache-repository.js';
import { type Geocoder, GeocoderUnavailable } from './geocoder-client.js';

/** What the external geocoding of a batch needs. */
export interface AddressGeocoding {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  geocoder: Geocoder;
  /** How long an answer is kept before the address is asked again. */
  cacheDays: number;
  /** Told of every batch whose addresses, some or all, could not be asked (intake then used the gazetteer). */
  onFallback?: (event: { addresses: number; reason: string }) => void;
  /**
   * Until when (ms since the epoch) the geocoder is left alone after it failed: batches in that time
   * are placed by the gazetteer without waiting for it. Set here; starts unset.
   */
  pausedUntil?: number;
}

/** How long a geocoder that failed is left alone before it is asked again. */
export const GEOCODER_PAUSE_MS = 60_000;

/** What geocoding a batch did: answers by `addressKey`, and how each distinct address was answered. */
export interface BatchGeocoding {
  answers: Map<string, GazetteerPoint | null>;
  cached: number;
  asked: number;
  /** Addresses left to the gazetteer because the geocoder did not answer. */
  fellBack: number;
}

const DAY_MS = 86_400_000;

/**
 * Asks the external geocoder once for each distinct address of a batch that the cache does not hold
 * (or holds for longer than `cacheDays`), and caches the answers under the address's keyed hash. The
 * first failure (down, timed out, an error) stops the asking: the rest of the batch, and the batches
 * of the next minute, fall back to the gazetteer at once rather than each waiting for its timeout, and
 * are counted; intake waits on a geocoder that is down for one timeout a minute at most.
 */
export async function geocodeAddresses(
  deps: AddressGeocoding,
  jurisdictionId: string,
  addresses: Iterable<string>,
): Promise<BatchGeocoding> {
  const byHash = new Map<string, string>();
  for (const address of addresses) {
    const key = addressKey(address);
    if (key === '') continue;
    byHash.set((deps.keyring.keyedHashes('geocoded address', key)[0] as Buffer).toString('base64url'), key);
  }
  const result: BatchGeocoding = { answers: new Map(), cached: 0, asked: 0, fellBack: 0 };
  if (byHash.size === 0) return result;
  const now = deps.clock.now();
  const cached = await readCachedAnswers(deps.db, jurisdictionId, [...byHash.keys()]);
  const missing: [string, string][] = [];
  for (const [hash, key] of byHash) {
    const answer = cached.get(hash);
    if (answer && now.getTime() - answer.fetchedAt.getTime() < deps.cacheDays * DAY_MS) {
      result.answers.set(key, answer.point);
      result.cached++;
    } else missing.push([hash, key]);
  }
  const fetched: { hash: string; point: GazetteerPoint | null }[] = [];
  let reason: string | null =
    deps.pausedUntil !== undefined && now.getTime() < deps.pausedUntil
      ? 'it failed less than a minute ago'
      : null;
  for (const [hash, key] of missing) {
    if (reason !== null) {
      result.fellBack++;
      continue;
    }
    try {
      const point = await deps.geocoder.find(key);
      result.asked++;
      result.answers.set(key, point);
      fetched.push({ hash, point });
    } catch (error) {
      reason = error instanceof GeocoderUnavailable ? error.message : 'the geocoder failed';
      deps.pausedUntil = now.getTime() + GEOCODER_PAUSE_MS;
      result.fellBack++;
    }
  }
  await storeAnswers(deps.db, jurisdictionId, fetched, now);
  if (reason !== null) deps.onFallback?.({ addresses: result.fellBack, reason });
  return result;
}
