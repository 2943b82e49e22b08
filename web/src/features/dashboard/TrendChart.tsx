import { useId } from 'react';
import { dateTicks } from '../../shared/date-axis';
import type { DailyPoint } from '../../shared/series';
import { PartialWeeksNote } from './PartialWeeksNote';

const WIDTH = 760;
const HEIGHT = 230;
const PAD = { left: 40, right: 12, top: 12, bottom: 38 };

function path(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
}

/**
 * Daily counts as bars, their 7-day average as a line, and last year's 7-day average dashed beside
 * them; weekly counts as bars with last year's weeks as the line. A week that the range cuts is hatched
 * and left out of the lines, so its smaller count never reads as a drop. The numbers are also in a table
 * below the chart, for screen readers and keyboard users.
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
  const hatch = `hatch-${useId().replace(/:/g, '')}`;
  const max = Math.max(1, ...current.map((p) => p.count), ...(lastYear ?? []).map((p) => p.average7 ?? 0));
  const n = Math.max(current.length, 1);
  const x = (i: number) => PAD.left + ((WIDTH - PAD.left - PAD.right) * (i + 0.5)) / n;
  const y = (v: number) => HEIGHT - PAD.bottom - ((HEIGHT - PAD.top - PAD.bottom) * v) / max;
  const barWidth = Math.max(1, (WIDTH - PAD.left - PAD.right) / n - 1);
  const whole = (p: DailyPoint) => p.average7 !== null && p.partialDays === undefined;
  const average = current.flatMap((p, i) => (whole(p) ? [{ x: x(i), y: y(p.average7 ?? 0) }] : []));
  const previous = (lastYear ?? []).flatMap((p, i) => (whole(p) ? [{ x: x(i), y: y(p.average7 ?? 0) }] : []));
  const total = current.reduce((s, p) => s + p.count, 0);
  const totalLastYear = lastYear?.reduce((s, p) => s + p.count, 0) ?? null;
  const ticks = [0, Math.round(max / 2), max];
  const first = current[0]?.day ?? '';
  const last = current.at(-1)?.day ?? '';
  const days = current.map((p) => p.day);

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
        <defs>
          <pattern
            id={hatch}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" className="hatch-ground" />
            <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
          </pattern>
        </defs>
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
              className={p.partialDays === undefined ? 'bar' : 'bar partial'}
              // Inline, as the bars' class sets their fill and would win over an attribute.
              style={p.partialDays === undefined ? undefined : { fill: `url(#${hatch})` }}
            >
              <title>
                {p.partialDays === undefined
                  ? `${p.day}: ${p.count}`
                  : `Week of ${p.day}: ${p.count} in ${p.partialDays} of its 7 days (partial week)`}
              </title>
            </rect>
          ) : null,
        )}
        {previous.length > 1 && <path d={path(previous)} className="line last-year" />}
        {average.length > 1 && <path d={path(average)} className="line average" />}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
        {dateTicks(days).map((t) => (
          <g key={t.index} className="date-tick">
            <line x1={x(t.index)} x2={x(t.index)} y1={y(0)} y2={y(0) + 5} className="axis" />
            <text x={x(t.index)} y={y(0) + 18} textAnchor="middle" className="tick">
              {t.label}
            </text>
          </g>
        ))}
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
      <PartialWeeksNote weeks={current} />
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
                <td>
                  {p.day}
                  {p.partialDays !== undefined && ` (partial: ${p.partialDays} of 7 days)`}
                </td>
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
