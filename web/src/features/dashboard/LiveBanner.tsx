import type { AreaCollection, LiveCell, LivePoint } from '../../shared/api-responses';
import { cellName } from '../../shared/geo';
import { label } from '../../shared/series';

/** The newest overdoses heard on the live stream since the page opened. */
export function LiveBanner({
  analyst,
  recent,
  areas,
}: {
  areas: AreaCollection | null;
  analyst: boolean;
  recent: { points: LivePoint[]; cells: LiveCell[] };
}) {
  const count = analyst ? recent.points.length : recent.cells.reduce((s, c) => s + c.count, 0);
  return (
    <section className="live" aria-live="polite" aria-label="Live updates">
      <span className="live-dot" aria-hidden="true" /> Live
      {count === 0 ? (
        <span className="muted"> · waiting for new reports</span>
      ) : (
        <>
          <span> · {count} new since you opened this page</span>
          <ul className="live-list">
            {analyst
              ? recent.points.slice(0, 5).map((p) => (
                  <li key={p.id} data-overdose-id={p.id}>
                    {new Date(p.occurred_at).toLocaleString()} · {label(p.source_type)} ·{' '}
                    {p.fatal ? 'fatal' : p.fatal === false ? 'nonfatal' : 'outcome unknown'}
                  </li>
                ))
              : recent.cells.slice(0, 5).map((c) => (
                  <li key={`${c.day}-${c.cell}`}>
                    {c.day} · {c.count} new · {c.cell ? cellName(c.cell, areas) : 'no location'}
                  </li>
                ))}
          </ul>
        </>
      )}
    </section>
  );
}
