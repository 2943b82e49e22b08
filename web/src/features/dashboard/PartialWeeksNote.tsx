/** Says which weeks of a weekly chart the range cuts, and why their counts are smaller; nothing if none. */
export function PartialWeeksNote({ weeks }: { weeks: readonly { day: string; partialDays?: number }[] }) {
  const partial = weeks.filter((w) => w.partialDays !== undefined);
  if (partial.length === 0) return null;
  return (
    <p className="legend partial-note">
      <span className="key partial-key" /> Partial week
      {partial.length > 1 ? 's' : ''}:{' '}
      {partial.map((w) => `week of ${w.day} (${w.partialDays} of 7 days in the range)`).join(', ')}. Hatched
      or dashed, and not comparable with whole weeks.
    </p>
  );
}
