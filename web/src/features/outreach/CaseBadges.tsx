import type { CaseSummary } from './outreach-types';
import { word } from './outreach-words';
import { type ContactMade, clockBadge } from './response-clock';

/** The contact that stops the clock among these outcomes: a reached survivor first, else a decline. */
export function contactMade(outcomes: readonly string[]): ContactMade {
  if (outcomes.includes('survivor_reached')) return 'reached';
  return outcomes.includes('declined') ? 'declined' : null;
}

/**
 * The response clock's badge of a case (due in / overdue / reached / declined). A queue row knows only
 * the last attempt; a case page passes the outcomes of all of them.
 */
export function ClockBadgeOf({
  c,
  now,
  outcomes,
}: {
  c: CaseSummary;
  now: number;
  outcomes?: readonly string[];
}) {
  const badge = clockBadge(c, now, contactMade(outcomes ?? (c.last_attempt ? [c.last_attempt.outcome] : [])));
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
