import { label } from '../../shared/series';

/**
 * Counts by one dimension as labelled horizontal bars (a list, so screen readers read label and
 * count), each with its share of the overdoses the filters keep. The share divides by those
 * overdoses, not by the sum of the bars: a death with fentanyl and cocaine is one death under two
 * substances, so the sum of a substance breakdown counts mentions.
 */
export function Breakdown({
  title,
  totals,
  denominator,
  multiValued,
  withheld = null,
}: {
  title: string;
  totals: { key: string; count: number }[] | null;
  denominator: { count: number; label: string } | null;
  multiValued: boolean;
  /** Months whose breakdown the partner rule withheld (fewer than k overdoses), and its k. */
  withheld?: { k: number; months: string[] } | null;
}) {
  const max = Math.max(1, ...(totals ?? []).map((t) => t.count));
  // "1 death", "1,445 deaths": the label is the plural the server gives.
  const noun = (d: { count: number; label: string }) => (d.count === 1 ? d.label.replace(/s$/, '') : d.label);
  const of = denominator ? `${denominator.count.toLocaleString()} ${noun(denominator)}` : null;
  const share = (count: number) =>
    denominator && denominator.count > 0 ? `${((100 * count) / denominator.count).toFixed(0)}%` : null;
  return (
    <section className="breakdown" aria-label={title}>
      <h3>{title}</h3>
      {withheld && withheld.months.length > 0 && (
        <p className="muted withheld">
          Not shown for {withheld.months.length === 1 ? 'one month' : `${withheld.months.length} months`} with
          fewer than {withheld.k} overdoses ({withheld.months.map((m) => m.slice(0, 7)).join(', ')}), so that
          no one can be singled out.
        </p>
      )}
      {totals === null ? (
        <p className="muted">Loading…</p>
      ) : totals.length === 0 ? (
        <p className="muted">
          {withheld?.months.length ? 'Nothing to show.' : 'No overdoses match the filters.'}
        </p>
      ) : (
        <>
          {of && (
            <p className="muted denominator">
              Shares of {of}, each counted once
              {multiValued
                ? `; ${denominator?.label === 'deaths' ? 'a death' : 'an overdose'} can count under several, so the shares add up to more than 100%`
                : ''}
            </p>
          )}
          <ul>
            {totals.map((t) => (
              <li key={t.key}>
                <span className="bar-label">{label(t.key)}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(100 * t.count) / max}%` }} />
                </span>
                <span className="bar-value">
                  {t.count.toLocaleString()}{' '}
                  {share(t.count) && (
                    <span className="muted" title={`${share(t.count)} of ${of}`}>
                      ({share(t.count)})
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
