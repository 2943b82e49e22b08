import { z } from 'zod';
import { isLocationPrecision, locationPrecisions } from '../geocoding/location-precision.js';

/** An overdose row as read for line-level lists. */
export interface OverdoseRow {
  id: string;
  occurred_at: Date;
  occurred_date: string;
  time_known: boolean;
  latitude: number | null;
  longitude: number | null;
  h3_r7: string | null;
  h3_r9: string | null;
  fatal: boolean | null;
  naloxone_given: boolean | null;
  naloxone_doses: number | null;
  naloxone_response: string | null;
  age: number | null;
  age_band: string | null;
  sex: string | null;
  race: string | null;
  ethnicity: string | null;
  substances: string[];
  disposition: string | null;
  source_types: string[];
  case_definitions: string[];
  report_count: number;
  repeat_status: string;
  location_precision: string;
  areas: { layer_id: string; area_id: string }[];
}

/** A line-level overdose as it leaves the server: T2 (analysts) and above only; never the address or narratives. */
export const lineLevelOverdoseSchema = z.object({
  id: z.string(),
  occurred_at: z.string().describe('When it happened (ISO 8601)'),
  occurred_date: z.string().describe("The jurisdiction's local day"),
  time_known: z.boolean(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  h3_r9: z.string().nullable(),
  fatal: z.boolean().nullable(),
  naloxone_given: z.boolean().nullable(),
  naloxone_doses: z.number().nullable(),
  naloxone_response: z.string().nullable(),
  age: z.number().nullable(),
  age_band: z.string().nullable(),
  sex: z.string().nullable(),
  race: z.string().nullable(),
  ethnicity: z.string().nullable(),
  substances: z.array(z.string()),
  disposition: z.string().nullable(),
  source_types: z.array(z.string()),
  case_definitions: z.array(z.string()),
  report_count: z.number().int().describe('How many intake reports describe this overdose'),
  repeat_status: z.string(),
  location_precision: z
    .enum(locationPrecisions)
    .describe(
      'How exactly the point is known: rooftop (sent), address (geocoder), zip, place or county (centroids), none',
    ),
  areas: z.array(z.object({ layer_id: z.string(), area_id: z.string() })),
});

/** A line-level overdose as it leaves the server. */
export type LineLevelOverdose = z.infer<typeof lineLevelOverdoseSchema>;

/** The fields of a line-level overdose that leave the server, in the order of the CSV export. */
export const LINE_LEVEL_FIELDS = Object.keys(lineLevelOverdoseSchema.shape) as (keyof LineLevelOverdose)[];

/** A line-level overdose, for the readers the policy let read them (overdose.read_line_level, T2). */
export function presentOverdose(row: OverdoseRow): LineLevelOverdose {
  return {
    id: row.id,
    occurred_at: new Date(row.occurred_at).toISOString(),
    occurred_date: row.occurred_date,
    time_known: row.time_known,
    latitude: row.latitude,
    longitude: row.longitude,
    h3_r9: row.h3_r9,
    fatal: row.fatal,
    naloxone_given: row.naloxone_given,
    naloxone_doses: row.naloxone_doses,
    naloxone_response: row.naloxone_response,
    age: row.age,
    age_band: row.age_band,
    sex: row.sex,
    race: row.race,
    ethnicity: row.ethnicity,
    substances: row.substances,
    disposition: row.disposition,
    source_types: row.source_types,
    case_definitions: row.case_definitions,
    report_count: row.report_count,
    repeat_status: row.repeat_status,
    location_precision: isLocationPrecision(row.location_precision) ? row.location_precision : 'none',
    areas: row.areas.map((a) => ({ layer_id: a.layer_id, area_id: a.area_id })),
  };
}
