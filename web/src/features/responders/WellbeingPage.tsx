import { useState } from 'react';
import type { WellbeingCounts } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** 'YYYY-MM' of a month `back` months before this one (the browser's calendar). */
function monthBefore(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * Hard scenes per responding unit per month (fatal, pediatric, several victims) and the debriefs their
 * supervisors offered and that were accepted: exposure a supervisor can see, nothing about anyone's health.
 */
export function WellbeingPage() {
  const [from, setFrom] = useState(monthBefore(11));
  const [to, setTo] = useState(monthBefore(0));
  const counts = useApi<WellbeingCounts>(
    `/api/v1/responder-wellbeing?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  const units = new Map((counts.data?.units ?? []).map((u) => [u.id, u]));
  return (
    <section className="wellbeing">
      <h1>Responder well-being</h1>
      <p className="muted">
        Scenes with a death, a child or several victims, per responding unit and month, and the confidential
        debriefs their supervisors offered. Only the offer and its answer are recorded.
      </p>
      <p>
        <label>
          From <input type="month" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>{' '}
        <label>
          to <input type="month" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
      </p>
      {counts.error && <p role="alert">{counts.error}</p>}
      {counts.data && counts.data.months.length === 0 && (
        <p className="empty-state">No hard scenes recorded for these months.</p>
      )}
      {counts.data && counts.data.months.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Month</th>
              <th>Unit</th>
              <th>Scenes</th>
              <th>Fatal</th>
              <th>Pediatric</th>
              <th>Several victims</th>
              <th>Debriefs offered</th>
              <th>Accepted</th>
            </tr>
          </thead>
          <tbody>
            {counts.data.months.map((row) => (
              <tr key={`${row.month}/${row.unit_id}`}>
                <td>{row.month}</td>
                <td>{units.get(row.unit_id)?.name ?? row.unit_id}</td>
                <td>{row.scenes}</td>
                <td>{row.fatal}</td>
                <td>{row.pediatric}</td>
                <td>{row.multiple_victim}</td>
                <td>{row.offers_made}</td>
                <td>{row.offers_accepted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
