import type { CountRow } from '../api';
import { label } from '../series';

const WIDTH = 760;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };
const COLORS = ['#08519c', '#d94801', '#238b45', '#6a51a3', '#8c6d31', '#525252'];

/** Weekly counts of each value of a breakdown as lines (fatal and nonfatal, source types...), with a table. */
export function MultiLineChart({ title, rows, weeks }: { title: string; rows: CountRow[]; weeks: string[] }) {
  const keys = [...new Set(rows.map((r) => r.key ?? 'total'))];
  const byKey = new Map(keys.map((k) => [k, new Map<string, number>()]));
  for (const r of rows) byKey.get(r.key ?? 'total')?.set(r.period, r.count);
  const totals = keys.map((k) => [...(byKey.get(k)?.values() ?? [])].reduce((s, v) => s + v, 0));
  const order = keys.map((k, i) => ({ k, total: totals[i] ?? 0 })).sort((a, b) => b.total - a.total);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const x = (i: number) => PAD.left + ((WIDTH - PAD.left - PAD.right) * i) / Math.max(1, weeks.length - 1);
  const y = (v: number) => HEIGHT - PAD.bottom - ((HEIGHT - PAD.top - PAD.bottom) * v) / max;

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
        {order.map(({ k }, i) => (
          <path
            key={k}
            className="line"
            stroke={COLORS[i % COLORS.length]}
            d={weeks
              .map(
                (w, j) =>
                  `${j === 0 ? 'M' : 'L'}${x(j).toFixed(1)},${y(byKey.get(k)?.get(w) ?? 0).toFixed(1)}`,
              )
              .join('')}
          />
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
              <tr key={w}>
                <td>{w}</td>
                {order.map(({ k }) => (
                  <td key={k}>{byKey.get(k)?.get(w) ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
