import { useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';

/** One GET's state: the last data read, the last error, whether a read is under way. */
export interface Read<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** A failed read in words: the server's message, or "no connection" for a fetch that never got an answer. */
function problemOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof TypeError ? 'no connection' : String(e);
}

/**
 * Loads a URL (null: nothing) and again when the URL or `version` changes. Unlike the shared useApi,
 * a failed reload keeps the data already shown: on a poor connection the worker keeps the case on
 * screen (the error says it may be out of date).
 */
export function useRead<T>(url: string | null, version = 0): Read<T> {
  const [state, setState] = useState<Read<T>>({ data: null, error: null, loading: url !== null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is a reload trigger, not read inside.
  useEffect(() => {
    if (url === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(url)
      .then((data) => current && setState({ data, error: null, loading: false }))
      .catch((e: unknown) => current && setState((s) => ({ ...s, error: problemOf(e), loading: false })));
    return () => {
      current = false;
    };
  }, [url, version]);
  return state;
}
