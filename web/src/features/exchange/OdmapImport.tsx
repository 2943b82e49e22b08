import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import { useApi } from '../../shared/useApi';

type Agencies = JsonResponse<'/api/v1/interop/agencies'>;
type ImportSummary = JsonResponse<'/api/v1/interop/odmap/import', 'post'>;

/**
 * The ODMAP-style import: an agency that enters its overdoses in ODMAP uploads the same columns, read
 * as `sos import --preset odmap` reads them; the rows that could not be read come back with reasons.
 */
export function OdmapImport() {
  const agencies = useApi<Agencies>('/api/v1/interop/agencies');
  const [agency, setAgency] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = agency || agencies.data?.agencies[0]?.id || '';

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setSummary(null);
    setBusy(true);
    try {
      const answer = await api<ImportSummary>('/api/v1/interop/odmap/import', {
        method: 'POST',
        body: JSON.stringify({
          organization_id: chosen || null,
          file_name: file.name,
          csv: await file.text(),
        }),
      });
      setSummary(answer);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="odmap-import-title">
      <h2 id="odmap-import-title">ODMAP-style import</h2>
      <p className="muted">
        An agency that already enters its overdoses in ODMAP sends the same file here, in the columns of the
        ODMAP export (incident_id, incident_date, incident_time, latitude, longitude, overdose_type,
        naloxone_administered, naloxone_doses, suspected_drug). Each incident id is the agency's record id, so
        sending a file again adds nothing. The host may also run <code>sos import FILE --preset odmap</code>.
      </p>
      <form className="schedule-form" onSubmit={send}>
        <label>
          Agency
          <select value={chosen} onChange={(e) => setAgency(e.target.value)}>
            {(agencies.data?.agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          ODMAP file (CSV)
          <input
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Import file
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {summary && (
        <>
          <p role="status">
            Read {summary.read} rows: {summary.accepted} imported, {summary.duplicates} already here,{' '}
            {summary.rejected} rejected.
          </p>
          {summary.rejected_rows.length > 0 && (
            <table className="agreement-table">
              <caption>Rejected rows (fix them and send the file again)</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Reasons</th>
                </tr>
              </thead>
              <tbody>
                {summary.rejected_rows.map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    <td>{r.reasons}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
