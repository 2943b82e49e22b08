/** An error answered by the server, with the catalog code it carries. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** Calls the SOS API with the session cookie; throws ApiError with the server's message on failure. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  if (!response.ok) {
    const error = body?.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? 'INTERNAL',
      error.message ?? `The server answered ${response.status}`,
      error.details ?? null,
    );
  }
  return body as T;
}

/** The signed-in user as /api/v1/me describes them. */
export interface Me {
  kind: 'user';
  id: string;
  role: Role;
  tier: 'T0' | 'T1' | 'T2' | 'T3';
  jurisdiction_id: string;
  organization_id: string | null;
  /** The policy's actions the user may perform (`aggregate.read_partner`, `alert.manage`...). */
  may: string[];
}

/** The roles of the server's policy. */
export type Role =
  | 'administrator'
  | 'analyst'
  | 'outreach_coordinator'
  | 'outreach_worker'
  | 'public_safety_analyst'
  | 'harm_reduction_partner'
  | 'submitter';

/** One aggregate count. */
export interface CountRow {
  period: string;
  key: string | null;
  count: number;
}

/** The answer of /api/v1/aggregates/counts. */
export interface Counts {
  from: string;
  to: string;
  period: string;
  by: string;
  layer: string | null;
  area: string | null;
  population: number | null;
  rows: CountRow[];
  /** The overdoses the filters keep, each once: what a share divides by (not the sum of the rows). */
  denominator: { count: number; label: 'deaths' | 'overdoses' };
  /** Substances and case definitions: an overdose counts under each of its values. */
  multi_valued: boolean;
  /** A rate from fewer overdoses than this is unreliable (marked *, ranked after reliable rates). */
  rate_unreliable_below: number;
  areas: { id: string; name: string; population: number | null }[] | null;
  /** Partners' breakdowns by a person attribute: the months withheld for fewer than k overdoses. */
  disclosure?: { rule: 'partner_person_attribute'; k: number; withheld_months: string[] };
}

/** One source's freshness. */
export interface Source {
  organization_id: string;
  name: string;
  type: string;
  last_received_at: string | null;
  last_accepted_at: string | null;
  accepted_total: number;
  /** The latest time an overdose it reported occurred (a file of old overdoses arrives fresh but is not). */
  newest_occurred_at: string | null;
}

/** A layer that overdoses are counted by. */
export interface Layer {
  id: string;
  name: string;
  area_count: number;
  populated_count: number;
}
