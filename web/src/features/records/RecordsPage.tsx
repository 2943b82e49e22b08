import { useEffect, useState } from 'react';
import type { OverdosePage } from '../../shared/api-responses';
import { downloadFile } from '../../shared/download';
import { filterParams, filtersFromSearch } from '../../shared/filters';
import { useReauthentication } from '../../shared/Reauthenticate';
import { label } from '../../shared/series';
import { useApi } from '../../shared/useApi';
import { RecordView } from './RecordView';
import { UnplacedNotice } from './UnplacedNotice';

/** How a point was found, when it is not the one the source sent (a centroid is not where it happened). */
const PRECISION_NOTE: Record<string, string> = {
  address: ' (geocoded address)',
  zip: ' (ZIP centroid)',
  place: ' (town centroid)',
  county: ' (county centroid)',
};

/** Line-level de-identified overdoses for analysts, newest first, a page at a time. */
export function RecordsPage({ search }: { search: string }) {
  const filters = filtersFromSearch(search);
  const unplaced = new URLSearchParams(search).get('unplaced') === '1';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  // New filters start again from the newest record.
  // biome-ignore lint/correctness/useExhaustiveDependencies: search is the trigger, not read inside.
  useEffect(() => setCursors([null]), [search]);
  const params = filterParams(filters);
  params.set('limit', '50');
  if (cursor) params.set('cursor', cursor);
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  // Line-level exports ask for a recent sign-in: the password dialog opens when the server asks.
  const reauthentication = useReauthentication();
  const [exportError, setExportError] = useState<string | null>(null);
  const exportCsv = () => {
    setExportError(null);
    reauthentication
      .run(() => downloadFile(`/api/v1/overdoses.csv?${filterParams(filters)}`, 'overdoses.csv'))
      .catch((e: unknown) => setExportError(e instanceof Error ? e.message : String(e)));
  };
  // The unplaced overdoses are listed apart: the dashboard's filters do not apply to them.
  const page = useApi<OverdosePage>(
    unplaced
      ? `/api/v1/overdoses/unplaced?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      : `/api/v1/overdoses?${params}`,
    version,
  );

  return (
    <section className="records">
      <h1>Records</h1>
      <p className="muted">
        De-identified overdoses, newest first{filters.from ? ` from ${filters.from}` : ''}
        {filters.to ? ` to ${filters.to}` : ''}. No names, addresses or narratives leave the server.{' '}
        <button type="button" className="link-button" onClick={exportCsv}>
          Export these records (CSV)
        </button>
      </p>
      {exportError && <p role="alert">{exportError}</p>}
      {reauthentication.prompt}
      <UnplacedNotice showing={unplaced} />
      {open && (
        <RecordView
          key={open}
          overdoseId={open}
          onClose={() => setOpen(null)}
          onChanged={() => setVersion((v) => v + 1)}
        />
      )}
      {page.error && <p role="alert">{page.error}</p>}
      {page.data && page.data.overdoses.length === 0 && <p className="muted">No records in this range.</p>}
      {page.data && page.data.overdoses.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Outcome</th>
              <th scope="col">Naloxone</th>
              <th scope="col">Age</th>
              <th scope="col">Sex</th>
              <th scope="col">Substances</th>
              <th scope="col">Sources</th>
              <th scope="col">Location</th>
              <th scope="col">
                <span className="visually-hidden">Record</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.data.overdoses.map((o) => (
              <tr key={o.id}>
                <td>
                  {o.time_known ? new Date(o.occurred_at).toLocaleString() : o.occurred_at.slice(0, 10)}
                </td>
                <td>
                  {o.fatal === null ? 'unknown' : o.fatal ? 'fatal' : 'nonfatal'}
                  {o.repeat_status === 'repeat' ? ', repeat' : ''}
                </td>
                <td>
                  {o.naloxone_given
                    ? `yes${o.naloxone_doses ? ` (${o.naloxone_doses})` : ''}`
                    : o.naloxone_given === false
                      ? 'no'
                      : ''}
                </td>
                <td>{o.age_band ?? ''}</td>
                <td>{o.sex ? label(o.sex) : ''}</td>
                <td>{o.substances.map(label).join(', ')}</td>
                <td>
                  {o.source_types.map(label).join(', ')}
                  {o.report_count > 1 ? ` (${o.report_count} reports)` : ''}
                </td>
                <td>
                  {o.latitude !== null
                    ? `${o.latitude.toFixed(4)}, ${o.longitude?.toFixed(4)}`
                    : 'not placed'}
                  {o.latitude !== null ? (PRECISION_NOTE[o.location_precision] ?? '') : ''}
                </td>
                <td>
                  <button
                    type="button"
                    aria-pressed={open === o.id}
                    aria-label={`Sources of the overdose of ${o.occurred_at.slice(0, 10)}`}
                    onClick={() => setOpen(o.id)}
                  >
                    Sources
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
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
    </section>
  );
}
