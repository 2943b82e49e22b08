import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api';
import type { Me } from '../../shared/api-responses';
import { navigate } from '../../shared/router';
import { attemptsLeft, ClockBadgeOf, ContactFlags } from './CaseBadges';
import { casePath, OUTREACH_API } from './outreach-paths';
import type { CaseList, Program, ProgramList, QueueHealth } from './outreach-types';
import { word } from './outreach-words';
import { ProgramOutcomes } from './ProgramOutcomes';
import { SchoolsSection } from './SchoolsSection';
import { useRead } from './useRead';

/**
 * How often the queue's counts are read again while on screen (new cases arrive from intake): counts
 * are not audited, while each read of the queue itself is, so the queue is read again only when its
 * counts change (or after QUEUE_REFRESH_MS, for changes no count shows, such as an attempt that did not
 * reach the survivor).
 */
const HEALTH_REFRESH_MS = 10_000;
const QUEUE_REFRESH_MS = 60_000;

/** The share of a count in a total, in whole percent, or a dash when there is no total. */
export function share(count: number, total: number): string {
  return total > 0 ? `${Math.round((100 * count) / total)}%` : '–';
}

/** The coordinator's view of a program: queue health, the queue with assignment, recent team composition, outcomes. */
export function ProgramQueue({ me, path }: { me: Me; path: string }) {
  const programs = useRead<ProgramList>(`${OUTREACH_API}/programs`);
  const mine = (programs.data?.programs ?? []).filter((p) =>
    p.members.some((m) => m.user_id === me.id && m.active),
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const program = mine.find((p) => p.id === chosen) ?? mine[0];

  return (
    <section className="program-queue" aria-labelledby="program-title">
      <h1 id="program-title">{program ? program.name : 'Program queue'}</h1>
      {programs.error && <p role="alert">{programs.error}</p>}
      {!programs.data && !programs.error && <p className="loading">Loading…</p>}
      {programs.data && mine.length === 0 && (
        <p className="empty-state">You coordinate no outreach program yet.</p>
      )}
      {mine.length > 1 && (
        <label className="inline">
          Program
          <select value={program?.id} onChange={(e) => setChosen(e.target.value)}>
            {mine.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {program && <ProgramPanels key={program.id} program={program} path={path} />}
      {program && <SchoolsSection />}
    </section>
  );
}

function ProgramPanels({ program, path }: { program: Program; path: string }) {
  const [version, setVersion] = useState(0);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    const visible = () => document.visibilityState === 'visible';
    const counts = setInterval(() => visible() && setTick((t) => t + 1), HEALTH_REFRESH_MS);
    const queueToo = setInterval(() => visible() && reload(), QUEUE_REFRESH_MS);
    return () => {
      clearInterval(counts);
      clearInterval(queueToo);
    };
  }, [reload]);
  const health = useRead<QueueHealth>(`${OUTREACH_API}/programs/${program.id}/queue-health`, version + tick);
  // A change in the counts means the queue changed: read it again (the first answer is the one read with it).
  const counted = useRef<string | null>(null);
  useEffect(() => {
    if (!health.data) return;
    const now = JSON.stringify(health.data);
    if (counted.current !== null && counted.current !== now) reload();
    counted.current = now;
  }, [health.data, reload]);
  const queue = useRead<CaseList>(
    `${OUTREACH_API}/cases?program_id=${program.id}&status=open&limit=200`,
    version,
  );
  const [assignError, setAssignError] = useState<string | null>(null);
  const assignable = program.members.filter((m) => m.active && m.user_id !== null);
  const assign = async (caseId: string, userId: string) => {
    setAssignError(null);
    try {
      await api(casePath(caseId, 'assign'), {
        method: 'POST',
        body: JSON.stringify({ user_id: userId || null }),
      });
      reload();
    } catch (e) {
      setAssignError(e instanceof Error ? e.message : String(e));
    }
  };
  const h = health.data;
  const now = Date.now();
  return (
    <>
      {h && (
        <section aria-labelledby="health-title">
          <h2 id="health-title">Queue health</h2>
          <dl className="health-tiles">
            {(
              [
                ['Open', h.open, false],
                ['Unassigned', h.unassigned, h.unassigned > 0],
                ['Overdue', h.overdue, h.overdue > 0],
                ['Due within 24 h', h.due_within_24h, false],
                ['Unusable contact details', h.contact_unusable, false],
              ] as const
            ).map(([title, value, warn]) => (
              <div key={title} className={warn ? 'warn' : undefined}>
                <dt>{title}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {health.error && <p role="alert">{health.error}</p>}
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">Queue{queue.data ? ` (${queue.data.total} open)` : ''}</h2>
        {assignError && (
          <p role="alert" className="field-problem">
            {assignError}
          </p>
        )}
        {queue.error && <p role="alert">{queue.error}</p>}
        {queue.data?.cases.length === 0 && <p className="empty-state">No open case.</p>}
        {queue.data && queue.data.cases.length > 0 && (
          <div className="table-scroll">
            <table className="queue-table">
              <caption className="visually-hidden">Open cases, most urgent first</caption>
              <thead>
                <tr>
                  <th scope="col">Clock</th>
                  <th scope="col">Area</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Assigned to</th>
                  <th scope="col">Case</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.cases.map((c) => (
                  <tr key={c.id} className={c.overdue ? 'overdue' : undefined}>
                    <td>
                      <ClockBadgeOf c={c} now={now} />
                      {c.escalated_at && <span className="badge flag">Escalated</span>}
                    </td>
                    <td>{c.area_id ?? '–'}</td>
                    <td>
                      <ContactFlags flags={c.contact_flags} />
                    </td>
                    <td>
                      {c.attempt_count} ({attemptsLeft(c)})
                    </td>
                    <td>
                      <select
                        aria-label={`Assign the case opened ${new Date(c.opened_at).toLocaleString()}`}
                        value={c.assigned_to?.user_id ?? ''}
                        onChange={(e) => void assign(c.id, e.target.value)}
                      >
                        <option value="">Unassigned</option>
                        {assignable.map((m) => (
                          <option key={m.id} value={m.user_id ?? ''}>
                            {m.display_name} ({word(m.team_role).toLowerCase()})
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <a
                        href={`${path}?case=${c.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(`${path}?case=${c.id}`);
                        }}
                      >
                        Open
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {h && h.by_worker.length > 0 && (
        <section aria-labelledby="workers-title">
          <h2 id="workers-title">By worker</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Open</th>
                <th scope="col">Overdue</th>
              </tr>
            </thead>
            <tbody>
              {h.by_worker.map((w) => (
                <tr key={w.user_id}>
                  <td>{w.display_name}</td>
                  <td>{w.open}</td>
                  <td>{w.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {h && (
        <section aria-labelledby="team-title">
          <h2 id="team-title">Team composition of recent visits</h2>
          <table className="team-composition">
            <caption>
              Visits of the last {h.recent_visits.days} days ({h.recent_visits.total} in all)
            </caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Visits</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {h.recent_visits.team_composition.map((t) => (
                <tr key={t.composition}>
                  <td>{word(t.composition)}</td>
                  <td>
                    {t.visits} of {h.recent_visits.total}
                  </td>
                  <td>{share(t.visits, h.recent_visits.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ProgramOutcomes programId={program.id} />
    </>
  );
}
