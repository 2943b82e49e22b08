import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { navigate } from '../../shared/router';
import { attemptsLeft, ClockBadgeOf, ContactFlags } from './CaseBadges';
import { OUTREACH_API } from './outreach-paths';
import type { CaseList, CaseSummary, ProgramList } from './outreach-types';
import { word } from './outreach-words';

/** How often the queue is read again while it is on screen (new cases are assigned during the day). */
const REFRESH_MS = 30_000;

/** The open cases assigned to the user in every program they belong to, most urgent first. */
export function MyQueue({ path }: { path: string }) {
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    let current = true;
    const load = async () => {
      try {
        const { programs } = await api<ProgramList>(`${OUTREACH_API}/programs`);
        const lists = await Promise.all(
          programs.map((p) =>
            api<CaseList>(`${OUTREACH_API}/cases?program_id=${p.id}&status=open&assigned=me&limit=200`),
          ),
        );
        // The queue's order across programs: by the response clock, as each program's list is.
        const all = lists
          .flatMap((l) => l.cases)
          .sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at) || a.id.localeCompare(b.id));
        if (current) {
          setCases(all);
          setError(null);
          setNow(Date.now());
        }
      } catch (e) {
        if (current) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void load();
    const timer = setInterval(() => document.visibilityState === 'visible' && void load(), REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <section className="my-queue" aria-labelledby="my-queue-title">
      <h1 id="my-queue-title">My queue</h1>
      {error && (
        <p role="alert" className="muted">
          Could not refresh the queue ({error}).
        </p>
      )}
      {cases === null && !error && <p className="loading">Loading…</p>}
      {cases?.length === 0 && <p className="empty-state">No open case is assigned to you.</p>}
      {cases && cases.length > 0 && (
        <ol className="case-cards">
          {cases.map((c) => (
            <li key={c.id} className={c.overdue ? 'overdue' : undefined}>
              <a
                href={`${path}?case=${c.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`${path}?case=${c.id}`);
                }}
              >
                <span className="case-line">
                  <ClockBadgeOf c={c} now={now} />
                  <ContactFlags flags={c.contact_flags} />
                </span>
                <span className="case-line">
                  {c.area_id ? `Area ${c.area_id}` : 'No area'} · {attemptsLeft(c)}
                </span>
                <span className="case-line muted">
                  {c.last_attempt
                    ? `Last: ${word(c.last_attempt.method).toLowerCase()}, ${word(c.last_attempt.outcome).toLowerCase()}`
                    : 'Not attempted yet'}
                  {c.kind === 'family_support' ? ' · family support' : ''}
                </span>
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
