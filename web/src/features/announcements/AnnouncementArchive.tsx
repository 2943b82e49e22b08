import { useEffect, useState } from 'react';
import type { JsonResponse } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import { AnnouncementDownloads } from './AnnouncementDownloads';
import { AUDIENCES, LEVELS } from './announcement-choices';

type Page = JsonResponse<'/api/v1/announcements'>;

const audienceLabel = new Map<string, string>(AUDIENCES);
const levelLabel = new Map<string, string>(LEVELS);

/** Every announcement made in the jurisdiction, newest first, a page at a time, each downloadable again. */
export function AnnouncementArchive({ version }: { version: number }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  // A new announcement goes to the top of the first page.
  useEffect(() => {
    if (version > 0) setCursors([]);
  }, [version]);
  const page = useApi<Page>(
    `/api/v1/announcements?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    version,
  );
  return (
    <section aria-label="Archive" className="announcement-archive">
      <h2>Archive</h2>
      {page.error && <p role="alert">{page.error}</p>}
      {page.data && page.data.announcements.length === 0 && (
        <p className="empty-state">No announcement has been made yet.</p>
      )}
      {page.data && page.data.announcements.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Made</th>
              <th>Title</th>
              <th>Audience</th>
              <th>Language</th>
              <th>Level</th>
              <th>Figures as of</th>
              <th>Files</th>
            </tr>
          </thead>
          <tbody>
            {page.data.announcements.map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.made_at).toLocaleString()}</td>
                <th scope="row">{a.content.title}</th>
                <td>{audienceLabel.get(a.audience) ?? a.audience}</td>
                <td>{a.language}</td>
                <td>{levelLabel.get(a.level) ?? a.level}</td>
                <td>{a.as_of_week}</td>
                <td>
                  <AnnouncementDownloads announcement={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        {cursors.length > 0 && (
          <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </button>
        )}
        {page.data?.next_cursor && (
          <button type="button" onClick={() => setCursors((c) => [...c, page.data?.next_cursor as string])}>
            Older
          </button>
        )}
      </div>
    </section>
  );
}
