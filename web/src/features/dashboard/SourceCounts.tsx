import type { Counts } from '../../shared/api-responses';
import { countsUrl, type Filters } from '../../shared/filters';
import { totalsByKey } from '../../shared/series';
import { useApi } from '../../shared/useApi';
import { Breakdown } from './Breakdown';

/**
 * Counts per source (an overdose EMS and the police both reported counts under each) and the share
 * linked: overdoses reported by more than one organization, of all the overdoses the filters keep,
 * shown with that denominator. Both come from the counts endpoint, so they follow the same disclosure
 * rules as the dashboard's other figures.
 */
export function SourceCounts({ filters, version }: { filters: Filters; version: number }) {
  const bySource = useApi<Counts>(countsUrl(filters, 'all', 'reported_by'), version);
  const linked = useApi<Counts>(countsUrl(filters, 'all', 'linked'), version);
  const linkedCount = linked.data
    ? (totalsByKey(linked.data.rows).find((t) => t.key === 'linked')?.count ?? 0)
    : 0;
  const all = linked.data?.denominator.count ?? 0;
  return (
    <section aria-labelledby="source-counts-title">
      <h2 id="source-counts-title">Counts per source</h2>
      <div className="grid-2">
        <Breakdown
          title="Reported by"
          totals={bySource.data ? totalsByKey(bySource.data.rows) : bySource.error ? [] : null}
          denominator={bySource.data?.denominator ?? null}
          multiValued={bySource.data?.multi_valued ?? false}
        />
        <section className="share-linked" aria-label="Share linked">
          <h3>Share linked</h3>
          {linked.data ? (
            <p>
              <strong className="figure">
                {all > 0 ? `${((100 * linkedCount) / all).toFixed(0)}%` : '–'}
              </strong>{' '}
              <span className="linked-of">
                {linkedCount.toLocaleString()} of {all.toLocaleString()}{' '}
                {all === 1 ? 'overdose' : 'overdoses'}
              </span>{' '}
              were reported by more than one organization and linked into one.
            </p>
          ) : (
            <p className="muted">{linked.error ?? 'Loading…'}</p>
          )}
        </section>
      </div>
    </section>
  );
}
