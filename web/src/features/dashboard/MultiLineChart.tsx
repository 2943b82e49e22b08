import type { CountRow } from '../../shared/api-responses';
import { dateTicks } from '../../shared/date-axis';
import { daysOfWeekInRange, label, weekStarts } from '../../shared/series';
import { PartialWeeksNote } from './PartialWeeksNote';

const WIDTH = 760;
const HEIGHT = 190;
const PAD = { left: 40, right: 12, top: 10, bottom: 34 };
const COLORS = ['#08519c', '#d94801', '#238b45', '#6a51a3', '#8c6d31', '#525252'];

const segment = (points: { x: number; y: number }[]) =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');

/**
 * Weekly counts of each value of a breakdown over the range as lines (fatal and nonfatal, source
 * types...), with a table. A first or last week that the range cuts is joined by a dashed segment, so
 * its smaller count does not read as a drop.
 */
export function MultiLineChart({
  title,
  rows,
  from,
  to,
}: {
  title: string;
  rows: CountRow[];
  from: string;
  to: string;
}) {
  const weeks = weekStarts(from, to).map((day) => {
    const inRange = daysOfWeekInRange(day, from, to);
    return inRange < 7 ? { day, partialDays: inRange } : { day };
  });
  const keys = [...new Set(rows.map((r) => r.key ?? 'total'))];
  const byKey = new Map(keys.map((k) => [k, new Map<string, number>()]));
  for (const r of rows) byKey.get(r.key ?? 'total')?.set(r.period, r.count);
  const totals = keys.map((k) => [...(byKey.get(k)?.values() ?? [])].reduce((s, v) => s + v, 0));
  const order = keys.map((k, i) => ({ k, total: totals[i] ?? 0 })).sort((a, b) => b.total - a.total);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const x = (i: number) => PAD.left + ((WIDTH - PAD.left - PAD.right) * i) / Math.max(1, weeks.length - 1);
  const y = (v: number) => HEIGHT - PAD.bottom - ((HEIGHT - PAD.top - PAD.bottom) * v) / max;
  // Each partial week is drawn from its whole neighbour: the first week from the second, the last from
  // the one before it.
  const partialSegments = weeks.flatMap((w, j) =>
    w.partialDays === undefined || weeks.length < 2 ? [] : [[j, j === 0 ? 1 : j - 1] as const],
  );

  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>, per week
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}, weekly counts by ${keys.map(label).join(', ')}`}
      >
        {[0, Math.round(max / 2), max].map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="tick">
              {t}
            </text>
          </g>
        ))}
        {order.map(({ k }, i) => {
          const point = (j: number) => ({ x: x(j), y: y(byKey.get(k)?.get(weeks[j]?.day ?? '') ?? 0) });
          const whole = weeks.flatMap((w, j) => (w.partialDays === undefined ? [point(j)] : []));
          const color = COLORS[i % COLORS.length];
          return (
            <g key={k}>
              <path className="line" stroke={color} d={segment(whole)} />
              {partialSegments.map(([j, neighbour]) => (
                <path
                  key={j}
                  className="line partial-segment"
                  stroke={color}
                  d={segment([point(neighbour), point(j)])}
                />
              ))}
            </g>
          );
        })}
        {dateTicks(weeks.map((w) => w.day)).map((t) => (
          <g key={t.index}>
            <line x1={x(t.index)} x2={x(t.index)} y1={y(0)} y2={y(0) + 5} className="axis" />
            <text x={x(t.index)} y={y(0) + 18} textAnchor="middle" className="tick">
              {t.label}
            </text>
          </g>
        ))}
      </svg>
      <p className="legend">
        {order.map(({ k, total }, i) => (
          <span key={k}>
            <span className="key" style={{ background: COLORS[i % COLORS.length] }} /> {label(k)} (
            {total.toLocaleString()})
          </span>
        ))}
      </p>
      <PartialWeeksNote weeks={weeks} />
      <details>
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              {order.map(({ k }) => (
                <th key={k} scope="col">
                  {label(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.day}>
                <td>
                  {w.day}
                  {w.partialDays !== undefined && ` (partial: ${w.partialDays} of 7 days)`}
                </td>
                {order.map(({ k }) => (
                  <td key={k}>{byKey.get(k)?.get(w.day) ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
