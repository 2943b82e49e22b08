import { useState } from 'react';
import { api } from '../../shared/api';
import type { OverdoseRecordView, OverdoseSplit } from '../../shared/api-responses';
import { label } from '../../shared/series';
import { useApi } from '../../shared/useApi';
import { linkText, OverdoseFacts } from '../linkage/OverdoseFacts';

/**
 * One overdose on the analyst's record view: its facts and its sources (organization, when received,
 * the source's record id, how it was linked), with Split to take a source out into an overdose of its
 * own when it describes another event.
 */
export function RecordView({
  overdoseId,
  onClose,
  onChanged,
}: {
  overdoseId: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const record = useApi<OverdoseRecordView>(`/api/v1/overdoses/${overdoseId}`, version);
  const split = async (reportId: string) => {
    setBusy(true);
    try {
      const done = await api<OverdoseSplit>(`/api/v1/overdoses/${overdoseId}/split`, {
        method: 'POST',
        body: JSON.stringify({ report_ids: [reportId] }),
      });
      setMessage({
        text: `Split: the source is overdose ${done.split_overdose_id.slice(0, 8)} now.`,
        error: false,
      });
      onChanged();
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };
  const sources = record.data?.sources ?? [];
  return (
    <section className="record-view" aria-labelledby="record-title">
      <h2 id="record-title">Overdose {overdoseId.slice(0, 8)}</h2>
      <p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </p>
      <p role="status" className={message?.error ? 'error' : 'muted'}>
        {message?.text ?? ''}
      </p>
      {record.error && <p role="alert">{record.error}</p>}
      {record.data && (
        <>
          <OverdoseFacts overdose={record.data} />
          <h3>Sources</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Organization</th>
                <th scope="col">Source type</th>
                <th scope="col">Received</th>
                <th scope="col">Source record</th>
                <th scope="col">Linked</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.report_id}>
                  <td>{s.organization_name ?? ''}</td>
                  <td>{label(s.source_type)}</td>
                  <td>{new Date(s.received_at).toLocaleString()}</td>
                  <td>
                    {s.source_record_id}
                    {s.version > 1 ? ` (version ${s.version})` : ''}
                  </td>
                  <td>{linkText(s.link)}</td>
                  <td>
                    {sources.length > 1 && (
                      <button type="button" disabled={busy} onClick={() => split(s.report_id)}>
                        Split off {s.organization_name ?? label(s.source_type)}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
