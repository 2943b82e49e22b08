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
  areas: { layerId: string; areaId: string }[];
}

/**
 * The fields of a line-level overdose that leave the server, per tier. Only T2 (analysts) and above
 * see line-level records at all; the street address and narratives never leave through this view.
 */
export const LINE_LEVEL_FIELDS = [
  'id',
  'occurred_at',
  'occurred_date',
  'time_known',
  'latitude',
  'longitude',
  'h3_r9',
  'fatal',
  'naloxone_given',
  'naloxone_doses',
  'naloxone_response',
  'age',
  'age_band',
  'sex',
  'race',
  'ethnicity',
  'substances',
  'disposition',
  'source_types',
  'case_definitions',
  'report_count',
  'repeat_status',
  'areas',
] as const;

/** A line-level overdose, for the readers the policy let read them (overdose.read_line_level, T2). */
export function presentOverdose(row: OverdoseRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of LINE_LEVEL_FIELDS) {
    const value = row[field];
    out[field] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
