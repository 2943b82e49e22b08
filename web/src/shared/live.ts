import { useEffect, useRef } from 'react';
import type { LiveOverdoses } from './api-responses';

/** What one live event says: points (analysts), cell counts (partners), or "reload" after a bulk change. */
export type LiveMessage = LiveOverdoses | { refresh: true };

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
