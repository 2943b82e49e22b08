import { type FormEvent, useState } from 'react';
import { api, type JsonResponse } from '../../shared/api';
import { useApi } from '../../shared/useApi';

type TrailPage = JsonResponse<'/api/v1/admin/audit'>;
type Verification = JsonResponse<'/api/v1/admin/audit/verification'>;
type FindingList = JsonResponse<'/api/v1/admin/audit/findings'>;

/** The trail's filter as typed in the form; empty fields filter nothing. */
interface Filter {
  user: string;
  action: string;
  subject_type: string;
  subject_id: string;
  from: string;
  to: string;
}

const NO_FILTER: Filter = { user: '', action: '', subject_type: '', subject_id: '', from: '', to: '' };

const FIELDS: { key: keyof Filter; label: string; type?: string; hint?: string }[] = [
  { key: 'user', label: 'User', hint: 'email or id' },
  { key: 'action', label: 'Action starts with', hint: 'person.read, outreach.' },
  { key: 'subject_type', label: 'Record type', hint: 'person, overdose, user' },
  { key: 'subject_id', label: 'Record id' },
  { key: 'from', label: 'From', type: 'date' },
  { key: 'to', label: 'To', type: 'date' },
];

const FINDING_TITLES: Record<FindingList['findings'][number]['kind'], string> = {
  many_persons: 'Many persons in an hour',
  out_of_hours: 'Out of hours',
  break_the_glass: 'Broke the glass',
};

/** The filter as a query string (the same for the list and the CSV export). */
function queryOf(filter: Filter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value.trim()) params.set(key, value.trim());
  return params.toString();
}

/**
 * The administrator's audit trail: filters (user, action, record, dates), the entries newest first
 * page by page, a CSV export of the same filter, the chain's verification, and the unusual reads found.
 */
export function AuditTrailPage() {
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const query = queryOf(filter);
  const page = useApi<TrailPage>(
    `/api/v1/admin/audit?${query}${query ? '&' : ''}limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  const findings = useApi<FindingList>('/api/v1/admin/audit/findings?limit=20');
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
    setCursors([null]);
  };
  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerification(await api<Verification>('/api/v1/admin/audit/verification'));
    } catch (e) {
      setVerifyError(e instanceof Error ? e.message : String(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <section className="audit-trail" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <p className="muted">
        Who did what to which record, and why. Every view and export of the trail is itself recorded.
      </p>
      <form className="schedule-form audit-filter" onSubmit={apply} aria-label="Filter the trail">
        {FIELDS.map((f) => (
          <label key={f.key} className="audit-field">
            {f.label}
            <input
              name={f.key}
              type={f.type ?? 'text'}
              value={draft[f.key]}
              placeholder={f.hint}
              onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))}
            />
          </label>
        ))}
        <button type="submit">Filter</button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTER);
            setFilter(NO_FILTER);
            setCursors([null]);
          }}
        >
          Clear
        </button>
        <a className="button-link" href={`/api/v1/admin/audit.csv${query ? `?${query}` : ''}`} download>
          Export CSV
        </a>
      </form>

      <div className="audit-verify">
        <button type="button" onClick={verify} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify chain'}
        </button>
        {verifyError && (
          <p role="alert" className="error">
            {verifyError}
          </p>
        )}
        {verification && (
          <div role="status" className={verification.intact ? 'chain-intact' : 'chain-broken'}>
            {verification.intact
              ? `Chain intact: all ${verification.entries} entries check out.`
              : `Chain broken: ${verification.problems.length} break(s) in ${verification.entries} entries.`}
            {verification.problems.length > 0 && (
              <ul>
                {verification.problems.map((p) => (
                  <li key={`${p.kind}-${p.seq}`}>{p.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      {page.error && (
        <p role="alert" className="error">
          {page.error}
        </p>
      )}
      {page.data && page.data.entries.length === 0 && <p>No entry matches the filter.</p>}
      {page.data && page.data.entries.length > 0 && (
        <table className="audit-table">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">User</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Purpose</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {page.data.entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor_email ?? `${e.actor_type}${e.actor_id ? ` ${e.actor_id}` : ''}`}</td>
                <td>{e.action}</td>
                <td>
                  {e.subject_type}
                  {e.subject_id ? ` ${e.subject_id}` : ''}
                </td>
                <td>{e.purpose ?? ''}</td>
                <td>
                  <code className="audit-details">{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Trail pages">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page.data?.next}
          onClick={() => setCursors((c) => [...c, page.data?.next ?? null])}
        >
          Older
        </button>
      </nav>

      <h2>Unusual reads</h2>
      {findings.error && (
        <p role="alert" className="error">
          {findings.error}
        </p>
      )}
      {findings.data && findings.data.findings.length === 0 && <p className="muted">None found.</p>}
      {findings.data && findings.data.findings.length > 0 && (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">User</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
              <th scope="col">Privacy contact told</th>
            </tr>
          </thead>
          <tbody>
            {findings.data.findings.map((f) => (
              <tr key={f.id}>
                <td>{f.day}</td>
                <td>{f.actor_email ?? f.actor_id}</td>
                <td>{FINDING_TITLES[f.kind]}</td>
                <td>
                  <code className="audit-details">{JSON.stringify(f.details)}</code>
                </td>
                <td>{f.mailed ? 'yes' : 'not yet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
