import { useEffect, useRef } from 'react';

/** A new overdose as an analyst's live stream carries it. */
export interface LivePoint {
  id: string;
  occurred_at: string;
  occurred_date: string;
  latitude: number | null;
  longitude: number | null;
  fatal: boolean | null;
  source_type: string;
}

/** New overdoses as a partner's live stream carries them: a day, an H3 cell and a count. */
export interface LiveCell {
  day: string;
  cell: string | null;
  count: number;
}

/** What one live event says: points (analysts), cell counts (partners), or "reload" after a bulk change. */
export type LiveMessage = { points: LivePoint[] } | { cells: LiveCell[] } | { refresh: true };

/**
 * Listens to /api/v1/live while mounted and `enabled` (roles that may not read the stream would only be
 * refused); the browser reconnects by itself after a network drop.
 */
export function useLiveUpdates(onMessage: (message: LiveMessage) => void, enabled = true): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/api/v1/live');
    source.addEventListener('overdoses', (event) =>
      handler.current(JSON.parse((event as MessageEvent).data)),
    );
    source.addEventListener('refresh', () => handler.current({ refresh: true }));
    return () => source.close();
  }, [enabled]);
}
