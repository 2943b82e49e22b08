import { useEffect, useState } from 'react';
import { api } from './api';

/** The state of one GET: its data, its error message, and whether it is loading. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Loads a URL (null: nothing to load) and loads it again when the URL or `version` changes. */
export function useApi<T>(url: string | null, version = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: url !== null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is a reload trigger, not read inside.
  useEffect(() => {
    if (url === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(url)
      .then((data) => current && setState({ data, error: null, loading: false }))
      .catch(
        (e: unknown) =>
          current &&
          setState({ data: null, error: e instanceof Error ? e.message : String(e), loading: false }),
      );
    return () => {
      current = false;
    };
  }, [url, version]);
  return state;
}
