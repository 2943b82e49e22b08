import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import type { Recording, RecordingOrganizations } from './naloxone-api';

const SITE_TYPES = [
  'vending_machine',
  'pharmacy',
  'outreach',
  'leave_behind',
  'jail_release',
  'library',
  'event',
  'other',
] as const;

/** What a recording did, with each quarantined row's problems by field. */
function RecordingResult({ result }: { result: Recording }) {
  return (
    <div role="status">
      <p>
        {result.stored} stored ({result.created} new, {result.replaced} replaced), {result.quarantined.length}{' '}
        quarantined.
      </p>
      {result.quarantined.length > 0 && (
        <div className="table-scroll">
          <table className="quarantine">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Source id</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {result.quarantined.flatMap((q) =>
                q.problems.map((p) => (
                  <tr key={`${q.row}|${p.field}|${p.message}`}>
                    <td>{q.line ? `${q.row} (line ${q.line})` : q.row + 1}</td>
                    <td>{q.source_id ?? '–'}</td>
                    <td>{p.field}</td>
                    <td>{p.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * Records kits distributed for an organization the user may record for: one record by the form, or
 * a CSV file whose good rows are kept and bad rows listed with their fields.
 */
export function RecordKits({ onRecorded }: { onRecorded: () => void }) {
  const organizations = useApi<RecordingOrganizations>('/api/v1/naloxone/organizations');
  const [organization, setOrganization] = useState('');
  const [result, setResult] = useState<Recording | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ source_id: '', site_type: 'outreach', area_id: '', date: '', kits: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const chosen = organization || organizations.data?.organizations[0]?.id || '';
  const send = async (path: string, body: object) => {
    setError(null);
    try {
      setResult(
        await api<Recording>(path, {
          method: 'POST',
          body: JSON.stringify({ organization_id: chosen, ...body }),
        }),
      );
      onRecorded();
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const submitOne = (event: FormEvent) => {
    event.preventDefault();
    void send('/api/v1/naloxone/distributions', {
      distributions: [{ ...form, kits: Number(form.kits) }],
    });
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    await send('/api/v1/naloxone/distributions/import', { file_name: file.name, csv: await file.text() });
  };
  if (organizations.data && organizations.data.organizations.length === 0) {
    return <p className="empty-state">You may not record kits for any organization.</p>;
  }
  return (
    <section aria-labelledby="naloxone-record">
      <h2 id="naloxone-record">Record kits distributed</h2>
      <label>
        Organization{' '}
        <select value={chosen} onChange={(e) => setOrganization(e.target.value)}>
          {(organizations.data?.organizations ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <form className="stacked-form" onSubmit={submitOne}>
        <label>
          Source id <input required value={form.source_id} onChange={set('source_id')} />
        </label>
        <label>
          Site type{' '}
          <select value={form.site_type} onChange={set('site_type')}>
            {SITE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Area <input required value={form.area_id} onChange={set('area_id')} placeholder="Hartford" />
        </label>
        <label>
          Date <input required type="date" value={form.date} onChange={set('date')} />
        </label>
        <label>
          Kits <input required type="number" min={1} value={form.kits} onChange={set('kits')} />
        </label>
        <button type="submit">Record kits</button>
      </form>
      <label>
        Or import a CSV file (source_id, site_type, area_id, date or week, kits, doses_per_kit){' '}
        <input type="file" accept=".csv,text/csv" onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      {error && <p role="alert">{error}</p>}
      {result && <RecordingResult result={result} />}
    </section>
  );
}
