/**
 * Fewer events than this make a rate unreliable: its relative standard error is above about 23%
 * (NCHS's rule). Reports print such rates with "*"; the dashboard marks them and ranks them last.
 */
export const RELIABLE_EVENTS = 20;

/** Whether a rate counted from this many events is unreliable. */
export function isUnreliableRate(events: number): boolean {
  return events < RELIABLE_EVENTS;
}
