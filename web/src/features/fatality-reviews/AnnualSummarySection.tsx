import { useState } from 'react';
import { downloadFile } from '../../shared/download';
import { useApi } from '../../shared/useApi';
import { type AnnualSummary, words } from './fatality-review-types';

const TITLES: Record<string, string> = {
  reviews: 'Reviews held',
  missed_opportunities_by_category: 'Missed opportunities by category',
  recommendations_by_status: 'Recommendations by status',
  decedents_by_age_band: 'Decedents by age band',
  decedents_by_sex: 'Decedents by sex',
  decedents_by_race: 'Decedents by race',
  decedents_by_ethnicity: 'Decedents by ethnicity',
  decedents_by_substance: 'Decedents by substance',
};

/**
 * The de-identified annual summary: every figure as the server suppressed it (a hidden count reads
 * "<10"), with its HTML, PDF and figures.json downloads.
 */
export function AnnualSummarySection() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [error, setError] = useState<string | null>(null);
  const summary = useApi<AnnualSummary>(`/api/v1/fatality-reviews/summary?year=${year}`);
  const show = (value: number | null) => (value === null ? `<${summary.data?.k ?? 10}` : String(value));
  const download = (path: string, name: string) => {
    setError(null);
    downloadFile(`/api/v1/fatality-reviews/${path}?year=${year}`, name).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <section aria-labelledby="ofr-summary">
      <h2 id="ofr-summary">Annual summary</h2>
      <p className="muted">
        De-identified: no names, no dates finer than the year, no words of the findings. Counts of 1 to 9 are
        hidden, and so is another figure of each row or column they could be worked out from.
      </p>
      <p>
        <label>
          Year{' '}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[0, 1, 2, 3, 4].map((back) => (
              <option key={back} value={thisYear - back}>
                {thisYear - back}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => download('summary.html', `fatality-reviews-${year}.html`)}>
          HTML
        </button>{' '}
        <button type="button" onClick={() => download('summary.pdf', `fatality-reviews-${year}.pdf`)}>
          PDF
        </button>{' '}
        <button
          type="button"
          onClick={() => download('summary/figures.json', `fatality-reviews-${year}-figures.json`)}
        >
          figures.json
        </button>
      </p>
      {error && <p role="alert">{error}</p>}
      {summary.error && <p role="alert">{summary.error}</p>}
      {summary.data && (
        <div className="ofr-summary-tables">
          {summary.data.tables.map((table) => (
            <table key={table.name} data-table={table.name}>
              <caption>{TITLES[table.name] ?? words(table.name)}</caption>
              <thead>
                <tr>
                  <th scope="col">{table.name === 'reviews' ? '' : 'Group'}</th>
                  {table.columns.map((c) => (
                    <th key={c} scope="col">
                      {words(c)}
                    </th>
                  ))}
                  {table.row_totals && <th scope="col">Total</th>}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => (
                  <tr key={row} data-row={row}>
                    <th scope="row">{summary.data?.row_labels[row] ?? words(row)}</th>
                    {table.columns.map((c, i) => (
                      <td key={c}>{show(table.cells[r]?.[i] ?? null)}</td>
                    ))}
                    {table.row_totals && <td>{show(table.row_totals[r] ?? null)}</td>}
                  </tr>
                ))}
              </tbody>
              {table.column_totals && (
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    {table.column_totals.map((v, i) => (
                      <td key={table.columns[i]}>{show(v)}</td>
                    ))}
                    {table.row_totals && <td />}
                  </tr>
                </tfoot>
              )}
            </table>
          ))}
        </div>
      )}
    </section>
  );
}
