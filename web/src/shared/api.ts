import type { paths } from './api-types.js';

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

// Told when the server answers UNAUTHENTICATED: the app, once signed in, then shows that the session ended.
let sessionEndedListener: (() => void) | null = null;

/** Sets (or clears, with null) what runs when a request finds the session ended (revoked, idle, expired). */
export function onSessionEnded(listener: (() => void) | null): void {
  sessionEndedListener = listener;
}

/** Calls the SOS API with the session cookie; throws ApiError with the server's message on failure. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => null)) as T;
}

/**
 * `fetch` with the session cookie and the JSON content type, for answers that are not JSON (a file):
 * the response when it is a success, else ApiError with the server's message.
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const error = body?.error ?? {};
  if (error.code === 'UNAUTHENTICATED') sessionEndedListener?.();
  throw new ApiError(
    response.status,
    error.code ?? 'INTERNAL',
    error.message ?? `The server answered ${response.status}`,
    error.details ?? null,
  );
}

/** An HTTP method of an operation in the OpenAPI document. */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON body of an operation's success (200, else 201), or never when it declares none. */
type SuccessJson<Operation> = Operation extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer Body } } }
    ? Body
    : R extends { 201: { content: { 'application/json': infer Body } } }
      ? Body
      : never
  : never;

/**
 * What an endpoint answers, as the server's OpenAPI document declares it (generated into api-types.ts
 * by `npm run api:types`): `JsonResponse<'/api/v1/aggregates/counts'>`. `never` while the route declares
 * no JSON response, so an alias switched too early fails to compile rather than typing nothing.
 */
export type JsonResponse<P extends keyof paths, M extends Method = 'get'> = SuccessJson<paths[P][M]>;
