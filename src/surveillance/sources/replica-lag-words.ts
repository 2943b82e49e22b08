import type { ReplicaLag } from '../../platform/read-database.js';

/** How far behind the figures of a read replica are, in plain words for the dashboard's sources panel. */
export function replicaLagWords(lag: ReplicaLag): string {
  if (lag.readsFrom === 'primary') {
    return 'The copy of the database that figures are read from cannot be reached: they come from the main database for now, up to date.';
  }
  const paused = lag.replayPaused ? ' The copy has stopped catching up (replay paused).' : '';
  const seconds = lag.lagSeconds ?? 0;
  if (seconds < 1) return `Figures are read from a copy of the database, up to date.${paused}`;
  return `Figures are read from a copy of the database and may be up to ${duration(seconds)} behind the reports received.${paused}`;
}

/** A whole number of seconds, minutes or hours, whichever reads best. */
function duration(seconds: number): string {
  const unit = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 120) return unit(Math.floor(seconds), 'second');
  if (seconds < 120 * 60) return unit(Math.floor(seconds / 60), 'minute');
  return unit(Math.floor(seconds / 3600), 'hour');
}
