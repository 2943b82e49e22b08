import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { AlertDetail, AlertItem, AlertList, Me } from '../../shared/api-responses';
import { useLiveUpdates } from '../../shared/live';
import { label } from '../../shared/series';
import { useApi } from '../../shared/useApi';

/** The actions a response log records. */
export const RESPONSE_ACTIONS = [
  'naloxone_distribution',
  'public_announcement',
  'outreach_surge',
  'drug_checking',
  'other',
] as const;

/** The status changes the server allows from each status, with their button labels. */
const NEXT: Record<AlertItem['status'], { status: AlertItem['status']; title: string }[]> = {
  new: [
    { status: 'acknowledged', title: 'Acknowledge' },
    { status: 'closed', title: 'Close' },
  ],
  acknowledged: [
    { status: 'responding', title: 'Mark responding' },
    { status: 'closed', title: 'Close' },
  ],
  responding: [{ status: 'closed', title: 'Close' }],
  closed: [],
};

const when = (iso: string) => new Date(iso).toLocaleString();

/** The alerts raised in the jurisdiction, newest first, and what was done about each one. */
export function AlertsPage({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const list = useApi<AlertList>('/api/v1/alerts?limit=200', version);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // A report that crosses a threshold raises its alert just after the report is announced: the list
  // is read again a moment after each live message, and every half minute in case of a missed one.
  // Roles without the live stream (outreach coordinators) rely on the half-minute reload.
  useLiveUpdates(() => {
    reload();
    for (const ms of [1_000, 3_000]) setTimeout(reload, ms);
  }, me.may.includes('aggregate.read_partner'));
  useEffect(() => {
    const timer = setInterval(reload, 30_000);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section className="alerts">
      <h1>Alerts</h1>
      <p className="muted">
        Raised when a rule's count passes its threshold. Acknowledge an alert, mark the response under way,
        record what was done, and close it.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {list.data && list.data.alerts.length === 0 && (
        <p className="empty-state">
          No alerts yet. They appear here as soon as a rule's threshold is crossed.
        </p>
      )}
      {list.data && list.data.alerts.length > 0 && (
        <table className="alert-table">
          <caption className="visually-hidden">Alerts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">Rule</th>
              <th scope="col">Place</th>
              <th scope="col">Count (threshold)</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.data.alerts.map((a) => (
              <tr key={a.id} aria-selected={a.id === selected}>
                <td>
                  <button type="button" className="link-button" onClick={() => setSelected(a.id)}>
                    {when(a.raised_at)}
                  </button>
                </td>
                <td>{a.rule_name}</td>
                <td>{a.place}</td>
                <td>
                  {a.count} ({a.threshold})
                </td>
                <td>
                  <span className={`badge status-${a.status}`}>{label(a.status)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <AlertDetailPanel key={selected} id={selected} version={version} onChanged={reload} />}
    </section>
  );
}

/** One alert: its numbers, its status history and response log, and the forms that add to them. */
function AlertDetailPanel({
  id,
  version,
  onChanged,
}: {
  id: string;
  version: number;
  onChanged: () => void;
}) {
  // Read again with the list (after changes here, live messages, or the half-minute poll); what is
  // being typed stays.
  const detail = useApi<AlertDetail>(`/api/v1/alerts/${id}`, version);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [action, setAction] = useState<(typeof RESPONSE_ACTIONS)[number]>('naloxone_distribution');
  const [responseNote, setResponseNote] = useState('');

  const send = async (path: string, body: unknown) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body: JSON.stringify(body) });
      setNote('');
      setResponseNote('');
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const record = (event: FormEvent) => {
    event.preventDefault();
    void send(`/api/v1/alerts/${id}/responses`, { action, ...(responseNote ? { note: responseNote } : {}) });
  };

  if (detail.error) return <p role="alert">{detail.error}</p>;
  const a = detail.data;
  if (!a) return <p className="loading">Loading…</p>;
  return (
    <section className="alert-detail" aria-label={`Alert: ${a.rule_name}, ${a.place}`}>
      <h2>
        {a.rule_name}: {a.place}
      </h2>
      <p>
        {a.count} suspected overdoses from {when(a.window_start)} to {when(a.window_end)}; the threshold was{' '}
        {a.threshold}.{' '}
        {a.ended_at === null
          ? `Still over the threshold at ${when(a.last_window_end)}, peak ${a.peak_count}.`
          : `Fell back at ${when(a.ended_at)}, peak ${a.peak_count}.`}{' '}
        Status: <strong>{label(a.status)}</strong>.
      </p>
      {error && <p role="alert">{error}</p>}
      {NEXT[a.status].length > 0 && (
        <div className="status-actions">
          <label>
            Note (optional)
            <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          </label>
          {NEXT[a.status].map((n) => (
            <button
              key={n.status}
              type="button"
              onClick={() =>
                void send(`/api/v1/alerts/${id}/status`, { status: n.status, ...(note ? { note } : {}) })
              }
            >
              {n.title}
            </button>
          ))}
        </div>
      )}
      <h3>Response log</h3>
      {a.responses.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ul className="response-log">
          {a.responses.map((r) => (
            <li key={r.id}>
              <strong>{label(r.action)}</strong> — {when(r.taken_at)}, recorded by {r.recorded_by}
              {r.note ? `: ${r.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <form className="response-form" onSubmit={record}>
        <label>
          Action taken
          <select value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
            {RESPONSE_ACTIONS.map((x) => (
              <option key={x} value={x}>
                {label(x)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Details (optional)
          <input value={responseNote} maxLength={2000} onChange={(e) => setResponseNote(e.target.value)} />
        </label>
        <button type="submit">Record response</button>
      </form>
      {a.events.length > 0 && (
        <>
          <h3>Status history</h3>
          <ul>
            {a.events.map((e) => (
              <li key={e.id}>
                {when(e.changed_at)}: {label(e.from)} → {label(e.to)} by {e.changed_by}
                {e.note ? ` (${e.note})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
