import type { DailyPoint } from '../series';

const WIDTH = 760;
const HEIGHT = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

function path(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
}

/**
 * Daily counts as bars, their 7-day average as a line, and last year's 7-day average dashed beside
 * them. The numbers are also in a table below the chart, for screen readers and keyboard users.
 */
export function TrendChart({
  title,
  unit = 'day',
  current,
  lastYear,
}: {
  title: string;
  /** Days show a 7-day average; weeks show the counts alone, with last year's weeks as the line. */
  unit?: 'day' | 'week';
  current: DailyPoint[];
  lastYear: DailyPoint[] | null;
}) {
  const max = Math.max(1, ...current.map((p) => p.count), ...(lastYear ?? []).map((p) => p.average7 ?? 0));
  const n = Math.max(current.length, 1);
  const x = (i: number) => PAD.left + ((WIDTH - PAD.left - PAD.right) * (i + 0.5)) / n;
  const y = (v: number) => HEIGHT - PAD.bottom - ((HEIGHT - PAD.top - PAD.bottom) * v) / max;
  const barWidth = Math.max(1, (WIDTH - PAD.left - PAD.right) / n - 1);
  const average = current.flatMap((p, i) => (p.average7 === null ? [] : [{ x: x(i), y: y(p.average7) }]));
  const previous = (lastYear ?? []).flatMap((p, i) =>
    p.average7 === null ? [] : [{ x: x(i), y: y(p.average7) }],
  );
  const total = current.reduce((s, p) => s + p.count, 0);
  const totalLastYear = lastYear?.reduce((s, p) => s + p.count, 0) ?? null;
  const ticks = [0, Math.round(max / 2), max];
  const first = current[0]?.day ?? '';
  const last = current.at(-1)?.day ?? '';

  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>: {total.toLocaleString()} from {first} to {last}
        {totalLastYear !== null && <> (same days last year: {totalLastYear.toLocaleString()})</>}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={
          unit === 'day' ? `${title}, daily counts with a 7-day average` : `${title}, weekly counts`
        }
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="tick">
              {t}
            </text>
          </g>
        ))}
        {current.map((p, i) =>
          p.count > 0 ? (
            <rect
              key={p.day}
              x={x(i) - barWidth / 2}
              y={y(p.count)}
              width={barWidth}
              height={y(0) - y(p.count)}
              className="bar"
            >
              <title>{`${p.day}: ${p.count}`}</title>
            </rect>
          ) : null,
        )}
        {previous.length > 1 && <path d={path(previous)} className="line last-year" />}
        {average.length > 1 && <path d={path(average)} className="line average" />}
        <text x={PAD.left} y={HEIGHT - 8} className="tick">
          {first}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" className="tick">
          {last}
        </text>
      </svg>
      <p className="legend">
        <span className="key bar-key" /> {unit === 'day' ? 'daily' : 'weekly'} count
        {unit === 'day' && (
          <>
            {' '}
            <span className="key average-key" /> 7-day average
          </>
        )}
        {lastYear && (
          <>
            {' '}
            <span className="key last-year-key" /> {unit === 'day' ? '7-day average' : 'weekly count'} a year
            earlier
          </>
        )}
      </p>
      <details>
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{unit === 'day' ? 'Day' : 'Week of'}</th>
              <th scope="col">Count</th>
              {unit === 'day' && <th scope="col">7-day average</th>}
              {lastYear && <th scope="col">A year earlier</th>}
            </tr>
          </thead>
          <tbody>
            {current.map((p, i) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td>{p.count}</td>
                {unit === 'day' && <td>{p.average7?.toFixed(1) ?? ''}</td>}
                {lastYear && <td>{lastYear[i]?.count ?? ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
