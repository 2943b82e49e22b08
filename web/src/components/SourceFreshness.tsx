import type { Source } from '../api';
import { label } from '../series';

const HOUR = 3_600_000;

function age(at: string | null, now: number): { text: string; stale: boolean } {
  if (!at) return { text: 'never', stale: true };
  const hours = (now - new Date(at).getTime()) / HOUR;
  if (hours < 1) return { text: 'within the hour', stale: false };
  if (hours < 48) return { text: `${Math.floor(hours)} h ago`, stale: hours > 24 };
  return { text: `${Math.floor(hours / 24)} days ago`, stale: true };
}

/** When each source last sent reports, so that a gap in reporting is not read as a fall in overdoses. */
export function SourceFreshness({ sources }: { sources: Source[] | null }) {
  const now = Date.now();
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      {sources === null ? (
        <p className="muted">Loading…</p>
      ) : sources.length === 0 ? (
        <p className="muted">No organizations are set up yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Type</th>
              <th scope="col">Last report received</th>
              <th scope="col">Reports</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => {
              const fresh = age(s.lastReceivedAt, now);
              return (
                <tr key={s.organizationId} className={fresh.stale ? 'stale' : undefined}>
                  <td>{s.name}</td>
                  <td>{label(s.type)}</td>
                  <td>
                    <time dateTime={s.lastReceivedAt ?? undefined} title={s.lastReceivedAt ?? undefined}>
                      {fresh.text}
                    </time>
                    {fresh.stale && <span className="badge">gap</span>}
                  </td>
                  <td>{s.acceptedTotal.toLocaleString()}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
