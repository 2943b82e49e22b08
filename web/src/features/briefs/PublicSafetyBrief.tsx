import { useState } from 'react';
import type { JsonResponse } from '../../shared/api';
import type { Me } from '../../shared/api-responses';
import { downloadFile } from '../../shared/download';
import { useApi } from '../../shared/useApi';
import './public-safety-brief.css';

/** GET /api/v1/briefs/public-safety. */
type Brief = JsonResponse<'/api/v1/briefs/public-safety'>;
/** GET /api/v1/briefs/public-safety/areas. */
type BriefLayers = JsonResponse<'/api/v1/briefs/public-safety/areas'>;
type Figure = number | null;

const BASE = '/api/v1/briefs/public-safety';
/** Hot cells listed on screen, the busiest first; the PDF lists them all. */
const HOT_SPOTS_LISTED = 10;
/** Five steps of red, lightest first, as the printed brief shades them. */
const STEPS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

/** A count as shown: "hidden" when the disclosure module hid it. */
function shown(figure: Figure): string {
  return figure === null ? 'hidden' : figure.toLocaleString('en-US');
}

/** "12 of 140 (8.6%)": a share always with its denominator. */
function share(count: Figure, of: Figure, percent: number | null): string {
  return `${shown(count)} of ${shown(of)}${percent === null ? '' : ` (${percent.toFixed(1)}%)`}`;
}

/** The shading step of a count among five up to the largest; null for none or hidden. */
function step(count: Figure, max: number): number | null {
  if (count === null || count <= 0 || max <= 0) return null;
  return Math.min(STEPS.length, Math.ceil((count / max) * STEPS.length)) - 1;
}

/** The counts each shading step stands for. */
function legend(max: number): { step: number; label: string }[] {
  return STEPS.flatMap((_, s) => {
    const low = Math.floor((s * max) / STEPS.length) + 1;
    const high = Math.floor(((s + 1) * max) / STEPS.length);
    return low > high ? [] : [{ step: s, label: low === high ? String(high) : `${low}–${high}` }];
  });
}

/** The heat map: a real table (days by hours) whose cells are shaded, with its legend. */
function HeatMap({ brief }: { brief: Brief }) {
  const h = brief.heat_map;
  const max = Math.max(0, ...h.cells.flat().map((v) => v ?? 0));
  return (
    <figure className="brief-heat">
      <table aria-describedby="brief-heat-legend">
        <caption>
          Overdoses by day of the week and hour of day ({brief.jurisdiction.time_zone} local time)
        </caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {h.hours.map((hour) => (
              <th scope="col" key={hour} aria-label={hour}>
                {hour.slice(0, 2)}
              </th>
            ))}
            <th scope="col">No time</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {h.weekdays.map((day, d) => (
            <tr key={day}>
              <th scope="row">{day.slice(0, 3)}</th>
              {(h.cells[d] ?? []).map((count, hour) => {
                const s = step(count, max);
                return (
                  <td
                    key={h.hours[hour]}
                    className={s === null ? 'empty' : `step-${s}`}
                    style={
                      s === null ? undefined : { background: STEPS[s], color: s >= 3 ? '#fff' : undefined }
                    }
                  >
                    {count === null ? <abbr title="hidden">•</abbr> : count === 0 ? '' : count}
                  </td>
                );
              })}
              <td>{shown(h.no_time_of_day[d] ?? null)}</td>
              <th scope="row">{shown(h.weekday_totals[d] ?? null)}</th>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {h.hour_totals.map((count, hour) => (
              <td key={h.hours[hour]}>{shown(count)}</td>
            ))}
            <td>{shown(h.no_time_of_day_total)}</td>
            <td>{shown(brief.total)}</td>
          </tr>
        </tfoot>
      </table>
      <figcaption id="brief-heat-legend" className="legend">
        Legend, overdoses per hour of the week:{' '}
        {legend(max).map(({ step: s, label }) => (
          <span key={s}>
            <span className="swatch" style={{ background: STEPS[s] }} aria-hidden="true" /> {label}{' '}
          </span>
        ))}
        <span className="swatch" aria-hidden="true" /> none (blank); • hidden. “No time”: reported with a date
        only, counted apart ({shown(h.no_time_of_day_total)}).
      </figcaption>
    </figure>
  );
}

/** This year's weeks as bars and last year's as a line, with the same numbers in a table below. */
function TrendChart({ brief }: { brief: Brief }) {
  const weeks = brief.trend.weeks;
  const max = Math.max(1, ...weeks.flatMap((w) => [w.count ?? 0, w.last_year_count ?? 0]));
  const [width, height, pad] = [560, 160, 24];
  const x = (i: number) => pad + (i * (width - 2 * pad)) / Math.max(1, weeks.length);
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const band = (width - 2 * pad) / Math.max(1, weeks.length);
  const line = weeks
    .map((w, i) => (w.last_year_count === null ? null : `${x(i) + band / 2},${y(w.last_year_count)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <figure className="brief-trend">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Overdoses by week: ${brief.trend.sentence}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#888" />
        {weeks.map((w, i) =>
          w.count === null ? null : (
            <rect
              key={w.week}
              x={x(i) + band * 0.15}
              width={band * 0.7}
              y={y(w.count)}
              height={height - pad - y(w.count)}
              fill="#b2182b"
            />
          ),
        )}
        <polyline points={line} fill="none" stroke="#555" strokeDasharray="4 3" strokeWidth={2} />
        <text x={pad} y={14} fontSize={11}>
          max {max}
        </text>
      </svg>
      <figcaption className="legend">
        <span className="swatch" style={{ background: '#b2182b' }} aria-hidden="true" /> these weeks{' '}
        <span className="swatch dashed" aria-hidden="true" /> the same weeks a year before (dashed line)
      </figcaption>
      <details>
        <summary>Weeks as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">These weeks</th>
              <th scope="col">A year before</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.week}>
                <th scope="row">
                  {w.week} ({w.first_day})
                </th>
                <td>{shown(w.count)}</td>
                <td>{shown(w.last_year_count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * The public safety brief: pick a layer's area (precincts when the jurisdiction has them) and whole
 * weeks, see when (hour of the week) and where (H3 cells, hot spots) overdoses cluster, the trend
 * against last year and the suggested focus areas; download the PDF, the one-page resource-need
 * summary for officials and the figures.
 */
export function PublicSafetyBrief(_props: { me: Me }) {
  const layers = useApi<BriefLayers>(`${BASE}/areas`);
  const [layerId, setLayerId] = useState('');
  const [areaId, setAreaId] = useState('');
  const [weeks, setWeeks] = useState(12);
  const [endWeek, setEndWeek] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const layer = layers.data?.find((l) => l.id === (layerId || layers.data?.[0]?.id));
  const precincts = layers.data?.some((l) => l.precincts) ?? false;
  const params = new URLSearchParams({ weeks: String(weeks) });
  if (layer && areaId) {
    params.set('layer', layer.id);
    params.set('area', areaId);
  }
  if (/^\d{4}-W\d{2}$/.test(endWeek)) params.set('end_week', endWeek);
  const query = params.toString();
  const brief = useApi<Brief>(`${BASE}?${query}`);
  const b = brief.data;
  const download = (path: string, name: string) => {
    setProblem(null);
    downloadFile(`${BASE}/${path}?${query}`, name).catch((e: unknown) =>
      setProblem(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <section aria-labelledby="ps-brief-title" className="ps-brief">
      <h2 id="ps-brief-title">Public safety brief</h2>
      <p className="hint">
        When and where overdoses cluster, to place patrols and units and to show officials the need.
        {layers.data && !precincts && layer && (
          <> This jurisdiction has no precinct layer: choose an area of {layer.name} instead.</>
        )}
      </p>
      <div className="filters">
        <label className="inline">
          Layer
          <select
            value={layer?.id ?? ''}
            onChange={(e) => {
              setLayerId(e.target.value);
              setAreaId('');
            }}
          >
            {(layers.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Area
          <select value={areaId} onChange={(e) => setAreaId(e.target.value)}>
            <option value="">The whole jurisdiction</option>
            {(layer?.areas ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Weeks
          <input
            type="number"
            min={1}
            max={52}
            value={weeks}
            onChange={(e) => setWeeks(Math.min(52, Math.max(1, Number(e.target.value) || 12)))}
          />
        </label>
        <label className="inline">
          Last week (e.g. 2024-W16; empty: the latest with data)
          <input value={endWeek} placeholder="latest" onChange={(e) => setEndWeek(e.target.value.trim())} />
        </label>
      </div>
      {layers.error && <p role="alert">{layers.error}</p>}
      {brief.error && <p role="alert">{brief.error}</p>}
      {problem && <p role="alert">{problem}</p>}
      {!b && !brief.error && <p className="loading">Loading…</p>}
      {b && (
        <div className="brief-body" aria-live="polite">
          <h3>
            {b.area.area_id === null ? b.jurisdiction.name : `${b.area.name} (${b.area.layer_name})`}:{' '}
            {b.period.first_week} to {b.period.last_week}
          </h3>
          <p>
            {b.period.weeks} weeks, {b.period.from} to {b.period.to}: <strong>{shown(b.total)}</strong>{' '}
            suspected overdoses ({shown(b.outcome.fatal)} fatal, {shown(b.outcome.nonfatal)} non-fatal,{' '}
            {shown(b.outcome.unknown)} outcome not known).
          </p>
          <div className="brief-actions">
            <button type="button" onClick={() => download('brief.pdf', 'public-safety-brief.pdf')}>
              Download PDF
            </button>
            <button
              type="button"
              disabled={!b.resource_need.allowed}
              onClick={() => download('resource-need.pdf', 'resource-need.pdf')}
            >
              Resource-need summary (PDF)
            </button>
            <button type="button" onClick={() => download('figures.json', 'brief-figures.json')}>
              Figures (JSON)
            </button>
          </div>
          {b.resource_need.reason && <p className="hint">{b.resource_need.reason}.</p>}
          <h3>When</h3>
          <HeatMap brief={b} />
          <h3>Trend</h3>
          <p>{b.trend.sentence}</p>
          <TrendChart brief={b} />
          <h3>Hot spots</h3>
          {b.hot_spots.too_few_to_test ? (
            <p>Too few overdoses over these weeks to call any place a hot spot.</p>
          ) : b.hot_spots.cells.length === 0 ? (
            <p>No cell of the area is a hot spot over these weeks.</p>
          ) : (
            <ul className="brief-hot-spots">
              {b.hot_spots.cells.slice(0, HOT_SPOTS_LISTED).map((c) => (
                <li key={c.cell}>
                  {c.name ?? 'Cell'} <code>{c.cell}</code>: {shown(c.count)} overdoses here
                  {c.few_of_its_own ? ', hot because of its neighbours' : ''}
                </li>
              ))}
              {b.hot_spots.cells.length > HOT_SPOTS_LISTED && (
                <li>and {b.hot_spots.cells.length - HOT_SPOTS_LISTED} more hot cells (all in the PDF)</li>
              )}
            </ul>
          )}
          <p className="hint">Places are {b.hot_spots.cell_size} cells, the finest place partners see.</p>
          <h3>Suggested focus areas</h3>
          <table className="brief-focus">
            <caption>Places with the most overdoses (shares of the {shown(b.total)} in the area)</caption>
            <thead>
              <tr>
                <th scope="col">Place</th>
                <th scope="col">Overdoses</th>
              </tr>
            </thead>
            <tbody>
              {b.focus.places.length === 0 && (
                <tr>
                  <td colSpan={2}>No overdose of the area has an exact point.</td>
                </tr>
              )}
              {b.focus.places.map((p) => (
                <tr key={p.cell}>
                  <th scope="row">
                    {p.name ?? 'Cell'} {p.cell}
                    {p.hot ? ' (hot spot)' : ''}
                  </th>
                  <td>{share(p.count, p.share.of, p.share.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="brief-focus">
            <caption>Time windows with the most overdoses (day and three hours)</caption>
            <thead>
              <tr>
                <th scope="col">Window</th>
                <th scope="col">Overdoses</th>
              </tr>
            </thead>
            <tbody>
              {b.focus.windows.length === 0 && (
                <tr>
                  <td colSpan={2}>No overdose with a time of day.</td>
                </tr>
              )}
              {b.focus.windows.map((w) => (
                <tr key={`${w.weekday} ${w.hours}`}>
                  <th scope="row">
                    {w.weekday} {w.hours}
                  </th>
                  <td>{share(w.count, w.share.of, w.share.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="hint">
            {b.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
