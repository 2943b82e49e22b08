import { label } from '../series';

/** Counts by one dimension as labelled horizontal bars (a list, so screen readers read label and count). */
export function Breakdown({
  title,
  totals,
}: {
  title: string;
  totals: { key: string; count: number }[] | null;
}) {
  const max = Math.max(1, ...(totals ?? []).map((t) => t.count));
  const sum = (totals ?? []).reduce((s, t) => s + t.count, 0);
  return (
    <section className="breakdown" aria-label={title}>
      <h3>{title}</h3>
      {totals === null ? (
        <p className="muted">Loading…</p>
      ) : totals.length === 0 ? (
        <p className="muted">No overdoses match the filters.</p>
      ) : (
        <ul>
          {totals.map((t) => (
            <li key={t.key}>
              <span className="bar-label">{label(t.key)}</span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${(100 * t.count) / max}%` }} />
              </span>
              <span className="bar-value">
                {t.count.toLocaleString()}{' '}
                <span className="muted">({((100 * t.count) / Math.max(sum, 1)).toFixed(0)}%)</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
