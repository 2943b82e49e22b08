import type { ReplicaLag, Source } from '../../shared/api-responses';
import { label } from '../../shared/series';

const HOUR = 3_600_000;

function age(at: string | null, now: number): { text: string; stale: boolean } {
  if (!at) return { text: 'never', stale: true };
  const hours = (now - new Date(at).getTime()) / HOUR;
  if (hours < 1) return { text: 'within the hour', stale: false };
  if (hours < 48) return { text: `${Math.floor(hours)} h ago`, stale: hours > 24 };
  return { text: `${Math.floor(hours / 24)} days ago`, stale: true };
}

/** A time as its day and its age: "Dec 31, 2022 (1,100 days ago)"; a date-only record has no hour to show. */
function DayAndAge({ at, now }: { at: string | null; now: number }) {
  if (!at) return <>none yet</>;
  const day = new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return (
    <time dateTime={at} title={at}>
      {day} <span className="muted">({age(at, now).text})</span>
    </time>
  );
}

/**
 * When each source last sent reports and how recent the overdoses in them are, so that neither a gap
 * in reporting nor a fresh file of old records is read as this week's picture.
 */
export function SourceFreshness({ sources, lag }: { sources: Source[] | null; lag: ReplicaLag | null }) {
  const now = Date.now();
  const replica = lag?.replica ?? null;
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      {replica && (
        // Reads from a replica: arrivals and figures here may be behind what was received.
        <p
          className={`replica-lag${replica.lag_seconds === null || replica.lag_seconds >= 1 ? ' behind' : ''}`}
        >
          {replica.label}
        </p>
      )}
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
              <th scope="col">Newest overdose</th>
              <th scope="col">Last arrival</th>
              <th scope="col">Reports</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => {
              const fresh = age(s.last_received_at, now);
              return (
                <tr key={s.organization_id} className={fresh.stale ? 'stale' : undefined}>
                  <td>{s.name}</td>
                  <td>{label(s.type)}</td>
                  <td>
                    <DayAndAge at={s.newest_occurred_at} now={now} />
                  </td>
                  <td>
                    <time dateTime={s.last_received_at ?? undefined} title={s.last_received_at ?? undefined}>
                      {fresh.text}
                    </time>
                    {fresh.stale && <span className="badge">gap</span>}
                  </td>
                  <td>
                    {s.accepted_total.toLocaleString()}
                    {s.unplaced_total > 0 && (
                      <span
                        className="muted"
                        title="Overdoses no point was found for: counted, missing from maps"
                      >
                        {' '}
                        ({s.unplaced_total.toLocaleString()} unplaced)
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
