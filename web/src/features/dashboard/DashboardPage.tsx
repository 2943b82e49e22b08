import { useCallback, useMemo, useState } from 'react';
import type {
  AreaCollection,
  Counts,
  Extent,
  HotSpotAnalysis,
  Layers,
  LiveCell,
  LivePoint,
  Me,
  OverdosePoints,
  ReplicaLag,
  Sources,
} from '../../shared/api-responses';
import {
  countsUrl,
  type Filters,
  filterParams,
  filtersFromSearch,
  searchFromFilters,
  withDefaults,
  yearEarlier,
} from '../../shared/filters';
import { cellName } from '../../shared/geo';
import { useLiveUpdates } from '../../shared/live';
import { navigate } from '../../shared/router';
import { dailySeries, rankByRate, ratePer100k, totalsByKey, weeklySeries } from '../../shared/series';
import { useApi } from '../../shared/useApi';
import { type ServicesMapCollection, servicePlaces } from '../resources/resource-search';
import { Breakdown } from './Breakdown';
import { FilterBar } from './FilterBar';
import { HotSpots } from './HotSpotTable';
import { LiveBanner } from './LiveBanner';
import { type AreaValue, MapView } from './MapView';
import { MultiLineChart } from './MultiLineChart';
import { SourceCounts } from './SourceCounts';
import { SourceFreshness } from './SourceFreshness';
import { TrendChart } from './TrendChart';

const WHO_IS_AFFECTED = [
  ['age_band', 'Age'],
  ['sex', 'Sex'],
  ['race', 'Race'],
  ['ethnicity', 'Ethnicity'],
  ['substance', 'Substances'],
  ['naloxone_given', 'Naloxone given'],
  ['naloxone_doses', 'Naloxone doses'],
  ['naloxone_response', 'Response to naloxone'],
  ['disposition', 'Disposition'],
  ['repeat', 'Repeat overdoses (same person within a year)'],
] as const;

const OUTCOME_AND_SOURCE = [
  ['fatal', 'Outcome'],
  ['source_type', 'Source type'],
] as const;

/** Weekly counts of one breakdown over the range, as lines. */
function WeeklyPanel({
  filters,
  by,
  title,
  version,
}: {
  filters: Filters;
  by: string;
  title: string;
  version: number;
}) {
  const counts = useApi<Counts>(countsUrl(filters, 'week', by), version);
  if (!counts.data || !filters.from || !filters.to)
    return <p className="muted">{counts.error ?? 'Loading…'}</p>;
  return <MultiLineChart title={title} rows={counts.data.rows} from={filters.from} to={filters.to} />;
}

/** One breakdown panel: loads its counts and shows them as bars. */
function BreakdownPanel({
  filters,
  by,
  title,
  version,
}: {
  filters: Filters;
  by: string;
  title: string;
  version: number;
}) {
  const counts = useApi<Counts>(countsUrl(filters, 'all', by), version);
  return (
    <Breakdown
      title={title}
      totals={counts.data ? totalsByKey(counts.data.rows) : counts.error ? [] : null}
      denominator={counts.data?.denominator ?? null}
      multiValued={counts.data?.multi_valued ?? false}
      withheld={
        counts.data?.disclosure
          ? { k: counts.data.disclosure.k, months: counts.data.disclosure.withheld_months }
          : null
      }
    />
  );
}

/**
 * The live shared picture for partners and analysts: filters in the URL, a map by area (points for
 * analysts), trends with last year beside them, who is affected, hot areas, and source freshness.
 */
export function DashboardPage({ me, search }: { me: Me; search: string }) {
  const analyst = me.tier === 'T2' || me.tier === 'T3';
  const [version, setVersion] = useState(0);
  const [recent, setRecent] = useState<{ points: LivePoint[]; cells: LiveCell[] }>({ points: [], cells: [] });
  const extent = useApi<Extent>('/api/v1/aggregates/extent', version);
  const layers = useApi<Layers>('/api/v1/layers');
  const ready = extent.data !== null && layers.data !== null;
  const filters = useMemo(
    () =>
      withDefaults(filtersFromSearch(search), extent.data?.last_day ?? null, layers.data?.[0]?.id ?? null),
    [search, extent.data, layers.data],
  );
  const setFilters = useCallback(
    (next: Filters) => navigate(`/dashboard${searchFromFilters(next)}`, true),
    [],
  );

  const lastYear =
    filters.from && filters.to ? { from: yearEarlier(filters.from), to: yearEarlier(filters.to) } : null;
  const [trendPeriod, setTrendPeriod] = useState<'day' | 'week'>('day');
  const daily = useApi<Counts>(ready ? countsUrl(filters, trendPeriod, 'none') : null, version);
  const dailyLastYear = useApi<Counts>(
    ready && lastYear ? countsUrl(filters, trendPeriod, 'none', lastYear) : null,
    version,
  );
  const byArea = useApi<Counts>(ready ? countsUrl({ ...filters, area: null }, 'all', 'area') : null, version);
  // Cells are drawn over the first imported layer, which also names them ("cell in Hartford").
  const contextLayer = layers.data?.[0]?.id ?? null;
  const shownLayer = filters.layer !== 'h3r7' ? filters.layer : contextLayer;
  const geometry = useApi<AreaCollection>(ready && shownLayer ? `/api/v1/layers/${shownLayer}/areas` : null);
  const points = useApi<OverdosePoints>(
    ready && analyst ? `/api/v1/overdoses/points?${filterParams(filters)}` : null,
    version,
  );
  const sources = useApi<Sources>('/api/v1/sources', version);
  const replicaLag = useApi<ReplicaLag>('/api/v1/sources/replica-lag', version);
  const substances = useApi<Counts>(
    ready ? countsUrl({ ...filters, substance: null }, 'all', 'substance') : null,
  );
  const sourceTypes = useApi<Counts>(
    ready ? countsUrl({ ...filters, sourceType: null }, 'all', 'source_type') : null,
  );
  const definitions = useApi<Counts>(
    ready ? countsUrl({ ...filters, caseDefinition: null }, 'all', 'case_definition') : null,
  );

  const hotspots = useApi<HotSpotAnalysis>(
    ready ? `/api/v1/aggregates/hotspots?${filterParams({ ...filters, area: null }, true)}` : null,
    version,
  );
  const [shadeBy, setShadeBy] = useState<'rate' | 'count' | 'z'>('rate');
  const [showServices, setShowServices] = useState(false);
  const services = useApi<ServicesMapCollection>(analyst && showServices ? '/api/v1/directory/map' : null);

  useLiveUpdates((message) => {
    if ('points' in message)
      setRecent((r) => ({ ...r, points: [...message.points, ...r.points].slice(0, 20) }));
    if ('cells' in message) setRecent((r) => ({ ...r, cells: [...message.cells, ...r.cells].slice(0, 20) }));
    setVersion((v) => v + 1);
  });

  const areaValues: AreaValue[] = useMemo(() => {
    const data = byArea.data;
    if (!data) return [];
    const labels = new Map((data.areas ?? []).map((a) => [a.id, a]));
    const spots = new Map((hotspots.data?.areas ?? []).map((p) => [p.id, p]));
    const cells = data.layer === 'h3r7';
    return totalsByKey(data.rows).map((t) => {
      const area = labels.get(t.key);
      const name = cells ? cellName(t.key, geometry.data) : (area?.name ?? t.key);
      const spot = spots.get(t.key);
      return {
        id: t.key,
        name,
        count: t.count,
        rate: ratePer100k(t.count, area?.population ?? null),
        z: spot?.z ?? null,
        hot: spot?.hot ?? false,
      };
    });
  }, [byArea.data, geometry.data, hotspots.data]);

  if (extent.error || layers.error) return <p role="alert">{extent.error ?? layers.error}</p>;
  if (!ready) return <p className="loading">Loading…</p>;
  if (extent.data?.total === 0) {
    return (
      <section className="empty-state">
        <h1>No overdoses yet</h1>
        <p>
          Once organizations send reports (API, file import or the field form), they appear here within a
          second.
        </p>
      </section>
    );
  }

  const options = {
    layers: [
      ...(layers.data ?? []).map((l) => ({ id: l.id, name: l.name })),
      { id: 'h3r7', name: 'H3 cells (about 5 km²)' },
    ],
    // The counts by area carry every area of the layer, so the area filter lists them from there.
    areas: (byArea.data?.areas ?? []).map((a) => ({ id: a.id, name: a.name })),
    sourceTypes: totalsByKey(sourceTypes.data?.rows ?? []).map((t) => t.key),
    substances: totalsByKey(substances.data?.rows ?? []).map((t) => t.key),
    caseDefinitions: totalsByKey(definitions.data?.rows ?? []).map((t) => t.key),
  };
  const selectedName = filters.area
    ? (options.areas.find((a) => a.id === filters.area)?.name ?? filters.area)
    : null;
  // Nothing is ranked before the counts arrive, and they carry the rule.
  const unreliableBelow = byArea.data?.rate_unreliable_below ?? 0;
  const ranked = rankByRate(areaValues, unreliableBelow);
  // The counts of the view: with an area picked, that area's alone.
  const exportUrl = countsUrl(filters, 'all', 'area').replace('/counts?', '/counts.csv?');

  return (
    <div className="dashboard">
      <h1>
        Overdoses{selectedName ? ` in ${selectedName}` : ''}{' '}
        <span className="muted">
          {filters.from} to {filters.to}
        </span>
      </h1>
      <FilterBar filters={filters} options={options} onChange={setFilters} />
      {filters.area && (
        <p>
          <button type="button" onClick={() => setFilters({ ...filters, area: null })}>
            Clear area: {selectedName}
          </button>
        </p>
      )}
      <LiveBanner analyst={analyst} recent={recent} areas={geometry.data} />
      <div className="grid-2">
        <section aria-labelledby="map-title">
          <h2 id="map-title">Map{analyst ? '' : ' by area (counts, no points)'}</h2>
          <MapView
            areas={geometry.data}
            values={areaValues}
            cells={filters.layer === 'h3r7'}
            points={analyst ? (points.data?.points ?? null) : null}
            selected={filters.area}
            onSelect={(area) => setFilters({ ...filters, area })}
            shadeBy={shadeBy}
            services={showServices ? servicePlaces(services.data) : null}
          />
          <label className="inline shade">
            Shade by
            <select value={shadeBy} onChange={(e) => setShadeBy(e.target.value as typeof shadeBy)}>
              <option value="rate">Rate per 100,000 (or count without population)</option>
              <option value="count">Count</option>
              <option value="z">Hot-spot score (Gi* z)</option>
            </select>
          </label>
          {analyst && (
            <label className="inline">
              <input
                type="checkbox"
                checked={showServices}
                onChange={(e) => setShowServices(e.target.checked)}
              />
              Services (the resource directory)
            </label>
          )}
          {points.data?.truncated && <p className="muted">Showing the newest 20,000 points.</p>}
        </section>
        <section aria-labelledby="areas-title" className="area-table">
          <h2 id="areas-title">{ranked.some((a) => a.rate !== null) ? 'Areas by rate' : 'Areas by count'}</h2>
          <p className="muted">
            Rate per 100,000 residents over the range, where the population is known
            {unreliableBelow > 0 &&
              `; * from fewer than ${unreliableBelow} overdoses: unreliable, listed after the reliable rates`}
            .{' '}
            <a href={exportUrl} download>
              Export CSV
            </a>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col">Count</th>
                <th scope="col">Rate</th>
              </tr>
            </thead>
            <tbody>
              {ranked.slice(0, 25).map((a) => (
                <tr key={a.id} aria-selected={a.id === filters.area}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setFilters({ ...filters, area: a.id })}
                    >
                      {a.name}
                    </button>
                  </td>
                  <td>{a.count.toLocaleString()}</td>
                  <td>
                    {a.rate === null ? (
                      '–'
                    ) : a.count < unreliableBelow ? (
                      <span
                        className="unreliable"
                        title={`Unreliable: from ${a.count} overdose${a.count === 1 ? '' : 's'}, fewer than ${unreliableBelow}`}
                      >
                        {a.rate.toFixed(1)}*
                      </span>
                    ) : (
                      a.rate.toFixed(1)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {ranked.length === 0 && <p className="muted">No overdoses in any area for these filters.</p>}
        </section>
      </div>
      <HotSpots analysis={hotspots.data} error={hotspots.error} />
      <section aria-labelledby="trends-title">
        <h2 id="trends-title">Trends</h2>
        <fieldset className="toggle">
          <legend>Counts per</legend>
          {(['day', 'week'] as const).map((p) => (
            <label key={p} className="inline">
              <input
                type="radio"
                name="trend-period"
                checked={trendPeriod === p}
                onChange={() => setTrendPeriod(p)}
              />
              {p}
            </label>
          ))}
        </fieldset>
        {daily.data && filters.from && filters.to && lastYear ? (
          <TrendChart
            title={trendPeriod === 'day' ? 'Overdoses per day' : 'Overdoses per week'}
            unit={trendPeriod}
            current={
              trendPeriod === 'day'
                ? dailySeries(daily.data.rows, filters.from, filters.to)
                : weeklySeries(daily.data.rows, filters.from, filters.to, false)
            }
            lastYear={
              !dailyLastYear.data
                ? null
                : trendPeriod === 'day'
                  ? dailySeries(dailyLastYear.data.rows, lastYear.from, lastYear.to)
                  : weeklySeries(dailyLastYear.data.rows, lastYear.from, lastYear.to, true)
            }
          />
        ) : (
          <p className="muted">{daily.error ?? 'Loading…'}</p>
        )}
        <div className="grid-2">
          {OUTCOME_AND_SOURCE.map(([by, title]) => (
            <WeeklyPanel key={by} filters={filters} by={by} title={title} version={version} />
          ))}
        </div>
      </section>
      <section aria-labelledby="who-title">
        <h2 id="who-title">Who is affected</h2>
        <div className="grid-3">
          {WHO_IS_AFFECTED.map(([by, title]) => (
            <BreakdownPanel key={by} filters={filters} by={by} title={title} version={version} />
          ))}
        </div>
      </section>
      <SourceCounts filters={filters} version={version} />
      <SourceFreshness sources={sources.data} lag={replicaLag.data} />
    </div>
  );
}
