import type { CaseSummary } from './outreach-types';
import { word } from './outreach-words';
import { clockBadge } from './response-clock';

/**
 * The response clock's badge of a case (due in / overdue / reached). A queue row knows only the last
 * attempt; a case page passes whether any attempt reached the survivor.
 */
export function ClockBadgeOf({ c, now, reached }: { c: CaseSummary; now: number; reached?: boolean }) {
  const badge = clockBadge(c, now, reached ?? c.last_attempt?.outcome === 'survivor_reached');
  if (!badge) return null;
  return <span className={`badge ${badge.tone}`}>{badge.text}</span>;
}

/** Contact details intake found unusable, as warnings. */
export function ContactFlags({ flags }: { flags: readonly string[] }) {
  return (
    <>
      {flags.map((f) => (
        <span key={f} className="badge flag">
          {word(f)}
        </span>
      ))}
    </>
  );
}

/** Attempts left before the program's cap, in words. */
export function attemptsLeft(c: CaseSummary): string {
  return c.attempts_remaining === 1 ? '1 attempt left' : `${c.attempts_remaining} attempts left`;
}
