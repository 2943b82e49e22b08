import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type {
  CreatedReportSchedule,
  CronPreview,
  InternalDomains,
  ReportSchedule,
  ReportScheduleList,
  ScheduleRun,
} from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { INTERNAL_DOMAINS_URL } from './InternalReportDomains';
import { AUDIENCE_TITLES } from './ReportArchive';

interface Draft {
  name: string;
  audience: ReportSchedule['audience'];
  format: ReportSchedule['format'];
  cron: string;
  recipients: string;
}

const EMPTY: Draft = { name: '', audience: 'partner', format: 'pdf', cron: '0 7 * * 1', recipients: '' };

const addresses = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A time on the jurisdiction's clock, where the schedules run. */
function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** The cron pattern read back by the server as it is typed: in words and its next runs, or what is wrong. */
function useCronPreview(cron: string): { preview: CronPreview | null; problem: string | null } {
  const [state, setState] = useState<{ preview: CronPreview | null; problem: string | null }>({
    preview: null,
    problem: null,
  });
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api<CronPreview>(`/api/v1/publications/schedules/cron-preview?cron=${encodeURIComponent(cron)}`)
        .then((preview) => current && setState({ preview, problem: null }))
        .catch(
          (e: unknown) =>
            current && setState({ preview: null, problem: e instanceof Error ? e.message : String(e) }),
        );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [cron]);
  return state;
}

/** Who may receive a report of the audience, as the server's rule says it. */
function recipientRule(audience: ReportSchedule['audience'], domains: string[] | undefined): string {
  if (audience !== 'internal') return 'Partner and public reports may go to any address.';
  const also = domains && domains.length > 0 ? ` or to addresses at ${domains.join(', ')}` : '';
  return `Internal reports go only to active analysts of this jurisdiction${also}; a recipient who stops being one gets nothing.`;
}

/**
 * The jurisdiction's report schedules (analysts and administrators): each on or off, run now or
 * deleted, and a form for a new one with the cron pattern read back in words and the rule of who
 * may receive it. `onRun` tells the page a report was archived; `domainsVersion` that the internal
 * report domains changed.
 */
export function ReportSchedules({
  onRun,
  defaultAudience,
  domainsVersion,
}: {
  onRun: () => void;
  /** The audience a new schedule starts with: the signed-in role's own. */
  defaultAudience: ReportSchedule['audience'];
  domainsVersion: number;
}) {
  const empty: Draft = { ...EMPTY, audience: defaultAudience };
  const [version, setVersion] = useState(0);
  const list = useApi<ReportScheduleList>('/api/v1/publications/schedules', version);
  const domains = useApi<InternalDomains>(INTERNAL_DOMAINS_URL, domainsVersion);
  const [recipientsRefused, setRecipientsRefused] = useState(false);
  const [draft, setDraft] = useState<Draft>(empty);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { preview, problem } = useCronPreview(draft.cron);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const timeZone = list.data?.time_zone ?? 'UTC';

  const call = async <T,>(path: string, method: string, body?: unknown): Promise<T | null> => {
    setError(null);
    setStatus(null);
    setRecipientsRefused(false);
    try {
      return await api<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
      setRecipientsRefused(e instanceof ApiError && e.code === 'REPORT_RECIPIENT_NOT_ALLOWED');
      return null;
    }
  };
  const reload = () => setVersion((v) => v + 1);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const created = await call<CreatedReportSchedule>('/api/v1/publications/schedules', 'POST', {
      name: draft.name.trim(),
      audience: draft.audience,
      format: draft.format,
      cron: draft.cron,
      recipients: addresses(draft.recipients),
    });
    if (!created) return;
    setDraft(empty);
    setStatus(`Schedule "${created.name}" added: ${created.cron_description}.`);
    reload();
  };
  const toggle = async (s: ReportSchedule) => {
    if (await call(`/api/v1/publications/schedules/${s.id}`, 'PATCH', { enabled: !s.enabled })) reload();
  };
  const runNow = async (s: ReportSchedule) => {
    setBusy(s.id);
    const result = await call<ScheduleRun>(`/api/v1/publications/schedules/${s.id}/run`, 'POST');
    setBusy(null);
    reload();
    if (!result) return;
    const sent = result.deliveries.filter((d) => d.status === 'sent').length;
    setStatus(
      `Report ${result.report.week} of "${s.name}" archived; emailed to ${sent} of ${result.deliveries.length} recipients.`,
    );
    onRun();
  };
  const remove = async (s: ReportSchedule) => {
    if (!window.confirm(`Delete the schedule "${s.name}"? Its archived reports stay.`)) return;
    // A deletion answers 204, which `call` gives as undefined; null means it failed.
    if ((await call(`/api/v1/publications/schedules/${s.id}`, 'DELETE')) !== null) reload();
  };

  return (
    <section className="report-schedules" aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <p className="muted">
        Each schedule makes the weekly report of the last complete week for its audience at its times (on the{' '}
        {timeZone} clock), archives it and emails it to its recipients as an attachment.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      {list.data && list.data.schedules.length === 0 && (
        <p className="empty-state">No schedules yet: add one below.</p>
      )}
      {list.data && list.data.schedules.length > 0 && (
        <table>
          <caption className="visually-hidden">Report schedules</caption>
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">For</th>
              <th scope="col">When</th>
              <th scope="col">Recipients</th>
              <th scope="col">Next run</th>
              <th scope="col">On</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.schedules.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name}
                  {s.last_error && (
                    <span className="schedule-error">
                      <br />
                      Last run: {s.last_error}
                    </span>
                  )}
                </td>
                <td>
                  {AUDIENCE_TITLES[s.audience]}, {s.format.toUpperCase()}
                </td>
                <td>
                  {s.cron_description} <code>{s.cron}</code>
                </td>
                <td>{s.recipients.length === 0 ? 'archive only' : s.recipients.join(', ')}</td>
                <td>{s.enabled ? localTime(s.next_run_at, timeZone) : 'off'}</td>
                <td>
                  <input
                    type="checkbox"
                    checked={s.enabled}
                    aria-label={`Schedule ${s.name} on`}
                    onChange={() => void toggle(s)}
                  />
                </td>
                <td className="schedule-actions">
                  <button type="button" disabled={busy !== null} onClick={() => void runNow(s)}>
                    {busy === s.id ? 'Running…' : `Run ${s.name} now`}
                  </button>
                  <button type="button" className="link-button" onClick={() => void remove(s)}>
                    Delete {s.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="schedule-form" onSubmit={create}>
        <h3>New schedule</h3>
        <label>
          Name
          <input
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </label>
        <label>
          Audience
          <select
            value={draft.audience}
            onChange={(e) => set({ audience: e.target.value as Draft['audience'] })}
          >
            {Object.entries(AUDIENCE_TITLES).map(([value, title]) => (
              <option key={value} value={value}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={draft.format} onChange={(e) => set({ format: e.target.value as Draft['format'] })}>
            <option value="pdf">PDF</option>
            <option value="html">HTML</option>
          </select>
        </label>
        <label>
          When (cron: minute hour day month weekday)
          <input
            required
            value={draft.cron}
            aria-describedby="cron-hint"
            aria-invalid={problem ? true : undefined}
            onChange={(e) => set({ cron: e.target.value })}
          />
        </label>
        <p id="cron-hint" className="cron-hint" aria-live="polite">
          {problem ??
            (preview
              ? `${preview.description}; next: ${preview.next_runs.map((r) => localTime(r, preview.time_zone)).join(', ')}`
              : 'e.g. 0 7 * * 1 is every Monday at 07:00')}
        </p>
        <label className="wide">
          Recipients (email addresses, separated by commas or spaces)
          <textarea
            rows={2}
            value={draft.recipients}
            aria-describedby="recipients-hint"
            aria-invalid={recipientsRefused ? true : undefined}
            onChange={(e) => set({ recipients: e.target.value })}
          />
        </label>
        <p id="recipients-hint" className="recipients-hint">
          {recipientRule(draft.audience, domains.data?.domains)}
        </p>
        <button type="submit" className="primary">
          Add schedule
        </button>
      </form>
    </section>
  );
}
