import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import { downloadFile } from '../../shared/download';
import { useReauthentication } from '../../shared/Reauthenticate';
import { useApi } from '../../shared/useApi';

type Agencies = JsonResponse<'/api/v1/interop/agencies'>;
type OdmapPage = JsonResponse<'/api/v1/interop/odmap/overdoses'>;

/** A local day N days before today, as YYYY-MM-DD (the form's default range is the last 30 days). */
function daysAgo(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Every page of a JSON export, gathered into one file the browser saves. */
async function downloadJson(query: string, fileName: string): Promise<number> {
  const records: OdmapPage['records'] = [];
  let cursor: string | null = null;
  do {
    const page: OdmapPage = await api<OdmapPage>(
      `/api/v1/interop/odmap/overdoses?${query}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    records.push(...page.records);
    cursor = page.next;
  } while (cursor);
  const url = URL.createObjectURL(
    new Blob([JSON.stringify({ records }, null, 2)], { type: 'application/json' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return records.length;
}

/**
 * The ODMAP export: an agency (an analyst picks any; a submitter has its own), a range of local days
 * and a format. Exports are line-level (T2): each is audited, and a stale session confirms the password.
 */
export function OdmapExport() {
  const agencies = useApi<Agencies>('/api/v1/interop/agencies');
  const [agency, setAgency] = useState('');
  const [from, setFrom] = useState(daysAgo(30));
  const [to, setTo] = useState(daysAgo(0));
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reauthentication = useReauthentication();
  const chosen = agency || agencies.data?.agencies[0]?.id || '';

  const download = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const query = `organization_id=${chosen}&from=${from}&to=${to}`;
    const name = `odmap-${from}-to-${to}`;
    reauthentication
      .run(async () => {
        if (format === 'csv') {
          await downloadFile(`/api/v1/interop/odmap/overdoses.csv?${query}`, `${name}.csv`);
          return 'The ODMAP CSV file was downloaded.';
        }
        const count = await downloadJson(query, `${name}.json`);
        return `The ODMAP JSON file was downloaded (${count.toLocaleString('en-US')} overdoses).`;
      })
      .then((done) => done && setStatus(done))
      .catch((e: unknown) => setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e)));
  };

  return (
    <section aria-labelledby="odmap-export-title">
      <h2 id="odmap-export-title">ODMAP export</h2>
      <p className="muted">
        Overdoses one agency reported, in the fields ODMAP takes: date and time, point, fatal or not, naloxone
        and doses, suspected drug and agency. Line-level data: every export is recorded in the audit trail.
      </p>
      {reauthentication.prompt}
      {agencies.error && <p role="alert">{agencies.error}</p>}
      {agencies.data && agencies.data.agencies.length === 0 && (
        <p className="empty-state">No agency whose overdoses you may export.</p>
      )}
      {agencies.data && agencies.data.agencies.length > 0 && (
        <form className="schedule-form" onSubmit={download}>
          <label>
            Agency
            <select value={chosen} onChange={(e) => setAgency(e.target.value)}>
              {agencies.data.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To
            <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'json')}>
              <option value="csv">CSV</option>
              <option value="json">JSON</option>
            </select>
          </label>
          <button type="submit" className="primary">
            Download export
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
