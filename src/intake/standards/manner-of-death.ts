/**
 * Manners of death under which a drug death counts as an overdose without a second look: accidents
 * and undetermined intent. Natural deaths, suicides, homicides and pending cases are kept but flagged.
 */
const overdoseManners: ReadonlySet<string> = new Set([
  'accident',
  'accidental',
  'undetermined',
  'undetermined intent',
]);

/** Whether a recorded manner of death is one a drug overdose is counted under unchecked (empty counts as yes). */
export function isOverdoseManner(manner: string): boolean {
  const key = manner.trim().toLowerCase();
  return key === '' || overdoseManners.has(key);
}
