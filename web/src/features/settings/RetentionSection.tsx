import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import type { OutreachProgram, OutreachProgramList } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** One program's retention: how many days a closed case's identifiers are kept, changed in place. */
function RetentionRow({ program, onSaved }: { program: OutreachProgram; onSaved: () => void }) {
  const [days, setDays] = useState(String(program.policies.retention_days));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await api(`/api/v1/outreach/programs/${program.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ policies: { retention_days: Number(days) } }),
      });
      setMessage({ text: 'Saved.', error: false });
      onSaved();
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };
  return (
    <tr>
      <th scope="row">{program.name}</th>
      <td>
        <form onSubmit={save} className="inline-form">
          <input
            type="number"
            min={1}
            max={36500}
            required
            aria-label={`${program.name}: retention in days`}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
          <button type="submit">
            Save<span className="visually-hidden"> the retention of {program.name}</span>
          </button>
          {message && (
            <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined}>
              {' '}
              {message.text}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

/**
 * Retention, which each outreach program sets for itself: the days a closed case's identifiers are
 * kept before they are purged, listed and changed through the programs' own API (audited there).
 */
export function RetentionSection() {
  const [version, setVersion] = useState(0);
  const programs = useApi<OutreachProgramList>('/api/v1/outreach/programs', version);
  return (
    <section aria-labelledby="retention-title">
      <h2 id="retention-title">Retention of outreach records</h2>
      <p className="muted">
        Each outreach program keeps the identifiers of a closed case for its own number of days, then purges
        them.
      </p>
      {programs.error && <p role="alert">{programs.error}</p>}
      {programs.data && programs.data.programs.length === 0 && (
        <p className="muted">No outreach program yet.</p>
      )}
      {programs.data && programs.data.programs.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Program</th>
              <th scope="col">Days kept after closing</th>
            </tr>
          </thead>
          <tbody>
            {programs.data.programs.map((p) => (
              <RetentionRow key={p.id} program={p} onSaved={() => setVersion((v) => v + 1)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
