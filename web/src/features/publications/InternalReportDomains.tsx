import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { InternalDomains, SavedInternalDomains } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** The URL of the jurisdiction's internal report domains. */
export const INTERNAL_DOMAINS_URL = '/api/v1/publications/settings/internal-domains';

/**
 * The domains whose addresses may receive internal reports besides the analysts (analysts only: the
 * server refuses anyone else). `onSaved` tells the page the list changed.
 */
export function InternalReportDomains({ onSaved }: { onSaved: () => void }) {
  const [version, setVersion] = useState(0);
  const current = useApi<InternalDomains>(INTERNAL_DOMAINS_URL, version);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (current.data) setText(current.data.domains.join('\n'));
  }, [current.data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const domains = text
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      const saved = await api<SavedInternalDomains>(INTERNAL_DOMAINS_URL, {
        method: 'PUT',
        body: JSON.stringify({ domains }),
      });
      setStatus(
        saved.domains.length === 0
          ? 'Internal reports now go to analysts only.'
          : `Internal reports may now also go to addresses at ${saved.domains.join(', ')}.`,
      );
      setVersion((v) => v + 1);
      onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    }
  };

  return (
    <section className="internal-domains" aria-labelledby="internal-domains-title">
      <h2 id="internal-domains-title">Internal report domains</h2>
      <p className="muted">
        Internal reports carry analyst-tier figures. They go to the analysts of this jurisdiction and, if you
        list them here, to addresses whose domain is exactly one of these (no wildcards: health.example.gov
        does not let in sub.health.example.gov).
      </p>
      {current.error && <p role="alert">{current.error}</p>}
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      <form className="schedule-form" onSubmit={save}>
        <label className="wide">
          Domains allowed to receive internal reports (separated by commas or spaces)
          <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Save domains
        </button>
      </form>
    </section>
  );
}
