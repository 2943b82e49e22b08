import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { Me, Sources, SubmissionResult, SubmissionResults } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { LocationPicker } from './LocationPicker';

/** The device's local time as a datetime-local value, to the minute. */
function nowLocal(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function blankForm() {
  return {
    occurredAt: nowLocal(),
    latitude: '',
    longitude: '',
    address: '',
    fatal: 'false',
    naloxoneGiven: false,
    naloxoneDoses: '',
    naloxoneResponse: '',
    age: '',
    sex: '',
    substances: '',
    disposition: '',
    narrative: '',
  };
}

/**
 * Field entry in the style of ODMAP's responder form: time defaults to now, place to the device's
 * position (or a typed address, or a click on the map), outcome and naloxone; the rest is optional.
 */
export function EntryPage({ me }: { me: Me }) {
  const [form, setForm] = useState(blankForm);
  // One id per report: resubmitting after a network failure is then a duplicate, never a second overdose.
  const [recordId, setRecordId] = useState(() => `form-${crypto.randomUUID()}`);
  const [organizationId, setOrganizationId] = useState(me.organization_id ?? '');
  const [result, setResult] = useState<SubmissionResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);
  const sources = useApi<Sources>(me.organization_id ? null : '/api/v1/sources');
  const confirmation = useRef<HTMLHeadingElement>(null);
  // Move focus to the confirmation so screen readers announce it and the keyboard continues from there.
  useEffect(() => {
    if (result && result.status !== 'rejected') confirmation.current?.focus();
  }, [result]);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const locate = () => {
    if (!navigator.geolocation) {
      setError('This device cannot share its location; type an address or click the map.');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        set({
          latitude: position.coords.latitude.toFixed(6),
          longitude: position.coords.longitude.toFixed(6),
        });
        setLocating(false);
      },
      (e) => {
        setError(`Location unavailable (${e.message}); type an address or click the map.`);
        setLocating(false);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const report: Record<string, unknown> = {
      source_record_id: recordId,
      occurred_at: new Date(form.occurredAt).toISOString(),
      latitude: form.latitude || null,
      longitude: form.longitude || null,
      address: form.address || null,
      fatal: form.fatal === '' ? null : form.fatal,
      naloxone_given: form.naloxoneGiven,
      naloxone_doses: form.naloxoneGiven && form.naloxoneDoses ? form.naloxoneDoses : null,
      naloxone_response: form.naloxoneGiven && form.naloxoneResponse ? form.naloxoneResponse : null,
      age: form.age || null,
      sex: form.sex || null,
      substances: form.substances || null,
      disposition: form.disposition || null,
      narrative: form.narrative || null,
    };
    try {
      const body = await api<SubmissionResults>('/api/v1/reports', {
        method: 'POST',
        body: JSON.stringify({
          ...(organizationId ? { organization_id: organizationId } : {}),
          reports: [report],
        }),
      });
      const [only] = body.results;
      setResult(only ?? null);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setForm(blankForm());
    setRecordId(`form-${crypto.randomUUID()}`);
    setResult(null);
  };

  if (result && result.status !== 'rejected') {
    return (
      <section className="confirmation" role="status">
        <h1 ref={confirmation} tabIndex={-1}>
          {result.status === 'accepted' ? 'Report received' : 'Already received'}
        </h1>
        <p>
          Thank you. The report is stored
          {result.overdose_id ? ` (overdose ${result.overdose_id.slice(0, 8)})` : ''} and is on the dashboard
          now.
        </p>
        {result.problems.length > 0 && (
          <ul>
            {result.problems.map((p) => (
              <li key={`${p.field}-${p.code}`}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        )}
        <button type="button" onClick={again}>
          Report another
        </button>
      </section>
    );
  }

  const problems = result?.problems ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const hasLocation = (form.latitude && form.longitude) || form.address;

  return (
    <form className="entry" onSubmit={submit} noValidate>
      <h1>Report an overdose</h1>
      {problems.length > 0 && (
        <div role="alert" className="error">
          The report was not stored:
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}-${p.code}`}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!me.organization_id && (
        <label>
          Reporting organization
          <select required value={organizationId} onChange={(e) => setOrganizationId(e.target.value)}>
            <option value="">Choose…</option>
            {(sources.data ?? []).map((s) => (
              <option key={s.organization_id} value={s.organization_id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        When
        <input
          type="datetime-local"
          required
          value={form.occurredAt}
          onChange={(e) => set({ occurredAt: e.target.value })}
        />
      </label>
      <fieldset>
        <legend>Where</legend>
        <button type="button" onClick={locate} disabled={locating}>
          {locating ? 'Locating…' : 'Use my location'}
        </button>
        <div className="row">
          <label>
            Latitude
            <input
              inputMode="decimal"
              value={form.latitude}
              onChange={(e) => set({ latitude: e.target.value })}
              aria-invalid={!!problemOf('latitude')}
            />
          </label>
          <label>
            Longitude
            <input
              inputMode="decimal"
              value={form.longitude}
              onChange={(e) => set({ longitude: e.target.value })}
              aria-invalid={!!problemOf('longitude')}
            />
          </label>
        </div>
        <label>
          Or an address
          <input autoComplete="off" value={form.address} onChange={(e) => set({ address: e.target.value })} />
        </label>
        <p className="muted">Or click the map:</p>
        <LocationPicker
          latitude={form.latitude ? Number(form.latitude) : null}
          longitude={form.longitude ? Number(form.longitude) : null}
          onPick={(lat, lon) => set({ latitude: lat.toFixed(6), longitude: lon.toFixed(6) })}
        />
      </fieldset>
      <fieldset>
        <legend>Outcome</legend>
        {[
          ['false', 'Survived (nonfatal)'],
          ['true', 'Fatal'],
          ['', 'Unknown'],
        ].map(([value, text]) => (
          <label key={value} className="inline">
            <input
              type="radio"
              name="fatal"
              value={value}
              checked={form.fatal === value}
              onChange={() => set({ fatal: value as string })}
            />
            {text}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Naloxone</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={form.naloxoneGiven}
            onChange={(e) => set({ naloxoneGiven: e.target.checked })}
          />
          Naloxone given
        </label>
        {form.naloxoneGiven && (
          <div className="row">
            <label>
              Doses
              <input
                type="number"
                min={1}
                max={20}
                value={form.naloxoneDoses}
                onChange={(e) => set({ naloxoneDoses: e.target.value })}
              />
            </label>
            <label>
              Response
              <select
                value={form.naloxoneResponse}
                onChange={(e) => set({ naloxoneResponse: e.target.value })}
              >
                <option value="">Not recorded</option>
                <option value="responded">Responded</option>
                <option value="partial_response">Partial response</option>
                <option value="no_response">No response</option>
              </select>
            </label>
          </div>
        )}
      </fieldset>
      <details>
        <summary>More details (optional)</summary>
        <div className="row">
          <label>
            Age
            <input
              type="number"
              min={0}
              max={120}
              value={form.age}
              onChange={(e) => set({ age: e.target.value })}
            />
          </label>
          <label>
            Sex
            <select value={form.sex} onChange={(e) => set({ sex: e.target.value })}>
              <option value="">Not recorded</option>
              <option value="female">Female</option>
              <option value="male">Male</option>
              <option value="other">Other</option>
            </select>
          </label>
        </div>
        <label>
          Substances suspected (separate with ;)
          <input value={form.substances} onChange={(e) => set({ substances: e.target.value })} />
        </label>
        <label>
          Disposition
          <select value={form.disposition} onChange={(e) => set({ disposition: e.target.value })}>
            <option value="">Not recorded</option>
            <option value="transported">Transported</option>
            <option value="refused_transport">Refused transport</option>
            <option value="treated_released">Treated and released</option>
            <option value="deceased">Deceased</option>
          </select>
        </label>
        <label>
          Notes
          <textarea rows={3} value={form.narrative} onChange={(e) => set({ narrative: e.target.value })} />
        </label>
      </details>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={busy || !hasLocation || (!me.organization_id && !organizationId)}
      >
        {busy ? 'Sending…' : 'Send report'}
      </button>
      {!hasLocation && <p className="muted">Add a location to send the report.</p>}
    </form>
  );
}
