import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { ArchivedReport, MadeReport, WeeklyChoices } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { AUDIENCE_TITLES } from './ReportArchive';

/**
 * Makes the weekly report of a chosen MMWR week (by default the last complete week with data) for
 * an audience the user's role may make, archives it and offers it for download. `onMade` tells the
 * page the archive has a new report.
 */
export function ReportMaker({ onMade }: { onMade: () => void }) {
  const choices = useApi<WeeklyChoices>('/api/v1/publications/weekly/choices');
  const [week, setWeek] = useState('');
  const [audience, setAudience] = useState<ArchivedReport['audience'] | ''>('');
  const [format, setFormat] = useState<ArchivedReport['format']>('pdf');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<ArchivedReport | null>(null);

  useEffect(() => {
    if (!choices.data) return;
    setWeek((w) => w || choices.data?.default_week || '');
    setAudience((a) => a || choices.data?.audiences[0] || '');
  }, [choices.data]);

  const make = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const report = await api<MadeReport>('/api/v1/publications/weekly', {
        method: 'POST',
        body: JSON.stringify({ week: week.trim(), audience, format }),
      });
      setMade(report);
      onMade();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (!choices.data || choices.data.audiences.length === 0) return null;
  return (
    <section className="report-maker" aria-labelledby="maker-title">
      <h2 id="maker-title">Make a report</h2>
      <form className="schedule-form" onSubmit={make}>
        <label>
          Week (MMWR, e.g. {choices.data.last_complete_week})
          <input
            required
            pattern="\d{4}-W\d{1,2}"
            value={week}
            aria-describedby="maker-hint"
            onChange={(e) => setWeek(e.target.value)}
          />
        </label>
        <label>
          Report for
          <select
            value={audience}
            onChange={(e) => setAudience(e.target.value as ArchivedReport['audience'])}
          >
            {choices.data.audiences.map((a) => (
              <option key={a} value={a}>
                {AUDIENCE_TITLES[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ArchivedReport['format'])}>
            {choices.data.formats.map((f) => (
              <option key={f} value={f}>
                {f.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <p id="maker-hint" className="cron-hint">
          The last complete week with data is {choices.data.default_week}; the report is archived.
        </p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Making…' : 'Make report'}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {made && (
        <p role="status">
          Report {made.week} made and archived.{' '}
          {made.download_url && (
            <a href={made.download_url} download={made.file_name}>
              Download the {made.week} {made.audience} {made.format.toUpperCase()}
            </a>
          )}
        </p>
      )}
    </section>
  );
}
