// What a worker recorded and the server has not stored yet, kept in the browser's storage so that a
// poor connection loses nothing: each record is saved before it is sent, stays while the network or
// the server fails, is marked refused (with the server's words) on a 4xx, and leaves on a 200/201.
// The record carries its client_id, so sending it twice stores it once (the API answers 200 the
// second time). Pure over a Storage and a fetch, so it is tested in Node without a browser.

/** Which form a record came from. */
export type RecordKind = 'attempt' | 'consent' | 'visit' | 'referral';

/** The server's refusal of a record, in its words, and the field it names when it names one. */
export interface Refusal {
  code: string;
  message: string;
  field: string | null;
}

/** One record waiting to be sent (or refused and waiting to be edited). */
export interface WaitingSend {
  client_id: string;
  /** The signed-in user who recorded it: only they send it (the session is theirs). */
  user_id: string;
  case_id: string;
  kind: RecordKind;
  /** The API path it is posted to. */
  path: string;
  /** The request body, client_id included. */
  body: Record<string, unknown>;
  /** The form's values, to edit it again after a refusal. */
  form: unknown;
  /** What it is in a few words (never the person's details). */
  summary: string;
  saved_at: string;
  state: 'waiting' | 'refused';
  refusal: Refusal | null;
  tries: number;
  last_error: string | null;
}

/** What one send came to: stored (200/201), refused (4xx), or failed and to be sent again. */
export type SendOutcome =
  | { kind: 'stored'; status: number; record: unknown }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'failed'; reason: string };

/** The storage key of the records waiting to be sent. */
export const WAITING_KEY = 'sos.outreach.waiting';

/** How long one send may take before it counts as failed (a dead connection never answers). */
export const SEND_TIMEOUT_MS = 15_000;

/** The part of the browser's Storage this uses (localStorage, or a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The records waiting, oldest first (an unreadable store reads as empty rather than breaking the page). */
export function readWaiting(store: KeyValueStore): WaitingSend[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(WAITING_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as WaitingSend[]) : [];
  } catch {
    return [];
  }
}

function writeWaiting(store: KeyValueStore, items: WaitingSend[]): void {
  store.setItem(WAITING_KEY, JSON.stringify(items));
}

/** Saves a record: a new one last, one already kept in its place (the list stays oldest first). */
export function keepWaiting(store: KeyValueStore, item: WaitingSend): void {
  const items = readWaiting(store);
  const at = items.findIndex((w) => w.client_id === item.client_id);
  writeWaiting(store, at < 0 ? [...items, item] : items.map((w, i) => (i === at ? item : w)));
}

/** Removes a record. */
export function dropWaiting(store: KeyValueStore, clientId: string): void {
  writeWaiting(
    store,
    readWaiting(store).filter((w) => w.client_id !== clientId),
  );
}

/** The field an error answer names: `field`, `details.field`, or the first of a validation's details. */
function fieldOf(error: { field?: unknown; details?: unknown }): string | null {
  if (typeof error.field === 'string') return error.field;
  const details = error.details;
  const first = Array.isArray(details) ? details[0] : details;
  if (first && typeof first === 'object' && typeof (first as { field?: unknown }).field === 'string')
    return (first as { field: string }).field;
  return null;
}

/**
 * Statuses that say nothing about the record itself: signed out (401), timed out (408), slowed down
 * (429). They are retried like network failures, not shown as refusals.
 */
const RETRIED_STATUSES = new Set([401, 408, 429]);

/** Posts one record and says what came of it; never throws. */
export async function sendRecord(
  item: Pick<WaitingSend, 'path' | 'body'>,
  fetchFn: typeof fetch,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetchFn(item.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(item.body),
      credentials: 'same-origin',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    return {
      kind: 'failed',
      reason: name === 'TimeoutError' ? 'no answer in time' : 'no connection',
    };
  }
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; field?: unknown; details?: unknown };
  } | null;
  if (response.ok) return { kind: 'stored', status: response.status, record: body };
  if (response.status >= 500 || RETRIED_STATUSES.has(response.status))
    return { kind: 'failed', reason: `the server answered ${response.status}` };
  const error = body?.error ?? {};
  return {
    kind: 'refused',
    refusal: {
      code: error.code ?? 'UNKNOWN',
      message: error.message ?? `The server refused it (${response.status})`,
      field: fieldOf(error),
    },
  };
}

/** Applies a send's outcome to the stored record: dropped when stored, marked refused, or kept waiting. */
export function settle(store: KeyValueStore, clientId: string, outcome: SendOutcome): void {
  if (outcome.kind === 'stored') {
    dropWaiting(store, clientId);
    return;
  }
  const item = readWaiting(store).find((w) => w.client_id === clientId);
  if (!item) return;
  keepWaiting(
    store,
    outcome.kind === 'refused'
      ? { ...item, state: 'refused', refusal: outcome.refusal, tries: item.tries + 1, last_error: null }
      : { ...item, tries: item.tries + 1, last_error: outcome.reason },
  );
}

/**
 * Sends every record of `userId` still waiting (refused ones wait for an edit), one after the other,
 * and settles each. Stops at the first failure: the connection is down, the rest would fail as well.
 */
export async function sendWaiting(
  store: KeyValueStore,
  userId: string,
  fetchFn: typeof fetch,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<{ stored: number; refused: number; failed: number }> {
  const counts = { stored: 0, refused: 0, failed: 0 };
  const due = readWaiting(store).filter((w) => w.user_id === userId && w.state === 'waiting');
  for (const item of due) {
    const outcome = await sendRecord(item, fetchFn, timeoutMs);
    settle(store, item.client_id, outcome);
    counts[outcome.kind] += 1;
    if (outcome.kind === 'failed') break;
  }
  return counts;
}
