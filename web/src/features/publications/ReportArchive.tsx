import { useState } from 'react';
import type { ArchivedReport, ArchivePage } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** Who each audience's reports are for, as the table says it. */
export const AUDIENCE_TITLES: Record<ArchivedReport['audience'], string> = {
  internal: 'Internal (analysts)',
  partner: 'Partners',
  public: 'Public',
};

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} kB`;

/**
 * The archived weekly reports the user may read, newest first, a page at a time, each with its
 * download link. `version` reloads the list (after a schedule was run now).
 */
export function ReportArchive({ version }: { version: number }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const page = useApi<ArchivePage>(
    `/api/v1/publications/archive?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    version,
  );
  const reports = page.data?.reports ?? [];
  const manages = reports.some((r) => r.deliveries !== undefined);

  return (
    <section className="report-archive" aria-labelledby="archive-title">
      <h2 id="archive-title">Archived reports</h2>
      {page.error && <p role="alert">{page.error}</p>}
      {page.data && reports.length === 0 && cursors.length === 1 && (
        <p className="empty-state">No reports archived yet.</p>
      )}
      {reports.length > 0 && (
        <table>
          <caption className="visually-hidden">Archived weekly reports, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">For</th>
              <th scope="col">Made</th>
              <th scope="col">File</th>
              {manages && <th scope="col">Emailed to</th>}
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>{r.week}</td>
                <td>{AUDIENCE_TITLES[r.audience]}</td>
                <td>
                  {new Date(r.made_at).toLocaleString()}
                  {r.scheduled ? ` (${r.schedule_name ?? 'a deleted schedule'})` : ' (by hand)'}
                </td>
                <td>
                  {r.download_url ? (
                    <a href={r.download_url} download={r.file_name}>
                      Download {r.week} {r.audience} {r.format.toUpperCase()}
                    </a>
                  ) : (
                    <span>
                      {r.file_name} <span className="muted">(not opened by your role)</span>
                    </span>
                  )}{' '}
                  <span className="muted">{kilobytes(r.size)}</span>
                </td>
                {manages && (
                  <td>
                    {(r.deliveries ?? []).length === 0
                      ? 'archive only'
                      : (r.deliveries ?? []).map((d) => `${d.recipient}: ${d.status}`).join(', ')}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(cursors.length > 1 || page.data?.next_cursor) && (
        <nav className="pager" aria-label="Archive pages">
          <button
            type="button"
            disabled={cursors.length < 2}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Newer
          </button>
          <span>Page {cursors.length}</span>
          <button
            type="button"
            disabled={!page.data?.next_cursor}
            onClick={() => setCursors((c) => [...c, page.data?.next_cursor ?? null])}
          >
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
