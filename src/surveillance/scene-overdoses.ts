import type { Queryable } from '../platform/database.js';

/** What a scene is judged by: when and where an overdose was, whether it was fatal, and the age. */
export interface SceneOverdose {
  id: string;
  occurredAt: Date;
  timeKnown: boolean;
  /** Its exact point (rooftop or address precision); null for a centroid or none. */
  latitude: number | null;
  longitude: number | null;
  fatal: boolean | null;
  age: number | null;
  ageBand: string | null;
}

// Only an exact point places a scene: overdoses at one ZIP's or town's centroid are not one scene.
const EXACT = `location_precision in ('rooftop', 'address')`;
const columns = `id::text as id, occurred_at as "occurredAt", time_known as "timeKnown",
  case when ${EXACT} then latitude end as latitude, case when ${EXACT} then longitude end as longitude,
  fatal, age, age_band as "ageBand"`;

/** Metres in a degree of latitude (the mean; the box below only narrows candidates). */
const METRES_PER_DEGREE = 111_320;

/** The scene facts of these overdoses (surveillance's face for the responders module; no permission checked). */
export function sceneOverdoses(
  db: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<SceneOverdose[]> {
  if (overdoseIds.length === 0) return Promise.resolve([]);
  return db.query<SceneOverdose>(
    `select ${columns} from overdoses where jurisdiction_id = $1 and id = any($2::uuid[]) order by occurred_at, id`,
    [jurisdictionId, overdoseIds],
  );
}

/**
 * The overdoses with a time of day inside a box of `metres` around a point and within `minutes` of an
 * instant (candidates: the caller measures the true distance). Reads the days around it through the
 * date index, since a local day may start up to a day off UTC's.
 */
export function overdosesAround(
  db: Queryable,
  jurisdictionId: string,
  center: { occurredAt: Date; latitude: number; longitude: number },
  minutes: number,
  metres: number,
): Promise<SceneOverdose[]> {
  const dLat = metres / METRES_PER_DEGREE;
  const dLon = dLat / Math.max(Math.cos((center.latitude * Math.PI) / 180), 0.01);
  const from = new Date(center.occurredAt.getTime() - minutes * 60_000);
  const to = new Date(center.occurredAt.getTime() + minutes * 60_000);
  return db.query<SceneOverdose>(
    `select ${columns} from overdoses
     where jurisdiction_id = $1
       and occurred_date between ($2::timestamptz)::date - 1 and ($3::timestamptz)::date + 1
       and occurred_at between $2 and $3 and time_known
       and latitude between $4 and $5 and longitude between $6 and $7 and ${EXACT}
     order by occurred_at, id`,
    [
      jurisdictionId,
      from,
      to,
      center.latitude - dLat,
      center.latitude + dLat,
      center.longitude - dLon,
      center.longitude + dLon,
    ],
  );
}
