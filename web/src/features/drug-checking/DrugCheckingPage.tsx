import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import type { Me } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

type Choices = JsonResponse<'/api/v1/drug-checks/choices'>;
type Weekly = JsonResponse<'/api/v1/drug-checks/weekly'>;
type Signals = JsonResponse<'/api/v1/drug-checks/signals'>;
type Signal = Signals['signals'][number];
type Submission = JsonResponse<'/api/v1/drug-checks', 'post'>;
type ImportAnswer = JsonResponse<'/api/v1/drug-checks/import', 'post'>;

/** The two reasons a signal is raised, each with its colour on the area list and in the legend. */
const REASONS = {
  new: { label: 'New in the area (not seen in the 26 weeks before)', color: '#b2182b' },
  rise: { label: 'Rise (3 or more results, at least twice the 8-week average)', color: '#ef8a62' },
} as const;

/** The day 'YYYY-MM-DD' `days` before `day` (calendar days, whatever the browser's time zone). */
function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/**
 * Results from drug-checking services and lab-confirmed seizures, by area and week (counts only), the
 * adulterant signals they raise, and, for those who send results, a form and a CSV upload.
 */
export function DrugCheckingPage({ me: _me }: { me: Me }) {
  // The twelve weeks to the jurisdiction's today until the reader picks other days.
  const [pickedFrom, setFrom] = useState<string | null>(null);
  const [pickedTo, setTo] = useState<string | null>(null);
  const [layer, setLayer] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const choices = useApi<Choices>('/api/v1/drug-checks/choices');
  const today = choices.data?.today ?? '';
  const from = pickedFrom ?? (today && daysBefore(today, 7 * 12 - 1));
  const to = pickedTo ?? today;
  const layerId = layer ?? choices.data?.layers[0]?.id ?? null;
  const query = `from=${from}&to=${to}${layerId ? `&layer=${encodeURIComponent(layerId)}` : ''}`;
  const mayRead = choices.data?.may_read === true;
  const weekly = useApi<Weekly>(mayRead ? `/api/v1/drug-checks/weekly?${query}` : null, version);
  const signals = useApi<Signals>(mayRead ? `/api/v1/drug-checks/signals?${query}` : null, version);
  return (
    <section className="drug-checking">
      <h1>Drug checking</h1>
      <p className="muted">
        Results from drug-checking services and lab-confirmed seizures, by area and week. A result keeps only
        its week and its area: never a day, an address or a point.
      </p>
      {choices.error && <p role="alert">{choices.error}</p>}
      {mayRead && (
        <>
          <fieldset className="filters">
            <legend>Weeks and areas shown</legend>
            <label>
              From{' '}
              <input type="date" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
            </label>{' '}
            <label>
              to <input type="date" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
            </label>{' '}
            {(choices.data?.layers.length ?? 0) > 1 && (
              <label>
                Areas{' '}
                <select value={layerId ?? ''} onChange={(e) => setLayer(e.target.value)}>
                  {choices.data?.layers.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </fieldset>
          <SignalsSection signals={signals.data?.signals ?? null} error={signals.error} />
          <WeeklySection weekly={weekly.data} error={weekly.error} />
        </>
      )}
      {choices.data && !mayRead && (
        <p className="empty-state">Your role sends results; their counts and signals are read by partners.</p>
      )}
      {choices.data?.may_submit && (
        <EntryForm choices={choices.data} onSent={() => setVersion((v) => v + 1)} />
      )}
      {choices.data?.may_submit && (
        <CsvUpload organizations={choices.data.organizations} onSent={() => setVersion((v) => v + 1)} />
      )}
    </section>
  );
}

/** The signals, newest first, as a table and as a list of areas coloured by reason (with its legend). */
function SignalsSection({ signals, error }: { signals: Signal[] | null; error: string | null }) {
  const areas = new Map<
    string,
    { name: string; reasons: Set<keyof typeof REASONS>; substances: Set<string> }
  >();
  for (const s of signals ?? []) {
    const area = areas.get(s.area_id) ?? { name: s.area_name, reasons: new Set(), substances: new Set() };
    area.reasons.add(s.first_seen_in_area ? 'new' : 'rise');
    area.substances.add(s.substance);
    areas.set(s.area_id, area);
  }
  return (
    <section aria-labelledby="signals-title">
      <h2 id="signals-title">Adulterant signals</h2>
      {error && <p role="alert">{error}</p>}
      {signals && signals.length === 0 && <p className="empty-state">No signal in these weeks.</p>}
      {signals && signals.length > 0 && (
        <>
          <div className="area-table">
            <table>
              <caption>Signals, newest week first</caption>
              <thead>
                <tr>
                  <th>Week of</th>
                  <th>Area</th>
                  <th>Substance</th>
                  <th>Why</th>
                  <th>Results</th>
                </tr>
              </thead>
              <tbody>
                {signals.map((s) => (
                  <tr key={s.id}>
                    <td>{s.week_start}</td>
                    <td>{s.area_name}</td>
                    <td>{s.substance}</td>
                    <td>{s.first_seen_in_area ? 'New in the area' : 'Rise'}</td>
                    <td>{s.results}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <section className="map-legend" aria-label="Legend of the areas with signals">
            <p className="legend-title">Areas with signals</p>
            <ul className="marks">
              {Object.entries(REASONS).map(([key, reason]) => (
                <li key={key}>
                  <span className="swatch" style={{ background: reason.color }} /> {reason.label}
                </li>
              ))}
            </ul>
            <ul className="signal-areas">
              {[...areas].map(([id, area]) => (
                <li key={id}>
                  <span
                    className="swatch"
                    style={{ background: REASONS[area.reasons.has('new') ? 'new' : 'rise'].color }}
                  />{' '}
                  {area.name}: {[...area.substances].join(', ')}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}

/** Results by week and area, counts only. */
function WeeklySection({ weekly, error }: { weekly: Weekly | null; error: string | null }) {
  return (
    <section aria-labelledby="weekly-title">
      <h2 id="weekly-title">Results by week and area</h2>
      {error && <p role="alert">{error}</p>}
      {weekly && weekly.weeks.length === 0 && <p className="empty-state">No result in these weeks.</p>}
      {weekly && weekly.weeks.length > 0 && (
        <div className="area-table">
          <table>
            <thead>
              <tr>
                <th>Week of</th>
                <th>Area</th>
                <th>Results</th>
                <th>Drug checks</th>
                <th>Seizures</th>
                <th>Substances found (results)</th>
              </tr>
            </thead>
            <tbody>
              {weekly.weeks.map((w) => (
                <tr key={`${w.week_start}/${w.area_id}`}>
                  <td>{w.week_start}</td>
                  <td>{w.area_name}</td>
                  <td>{w.results}</td>
                  <td>{w.drug_checks}</td>
                  <td>{w.seizures}</td>
                  <td>{w.substances.map((s) => `${s.substance} ${s.results}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The entry form: one result of the user's organization (or one they choose, when they belong to none). */
function EntryForm({ choices, onSent }: { choices: Choices; onSent: () => void }) {
  const [organization, setOrganization] = useState(choices.organizations[0]?.id ?? '');
  const [sourceId, setSourceId] = useState('');
  const [kind, setKind] = useState('drug_check');
  const [method, setMethod] = useState('ftir');
  const [soldAs, setSoldAs] = useState('');
  const [found, setFound] = useState<string[]>([]);
  const [otherNames, setOtherNames] = useState('');
  const [collectedOn, setCollectedOn] = useState(choices.today);
  const [layerId, setLayerId] = useState(choices.layers[0]?.id ?? '');
  const [area, setArea] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const methods = choices.methods.find((m) => m.kind === kind)?.methods ?? [];
  const areas = choices.layers.find((l) => l.id === layerId)?.areas ?? [];

  async function send(event: FormEvent) {
    event.preventDefault();
    const substances = [...found, ...otherNames.split(/[;,]/).map((n) => n.trim())].filter((n) => n !== '');
    try {
      const answer = await api<Submission>('/api/v1/drug-checks', {
        method: 'POST',
        body: JSON.stringify({
          ...(organization ? { organization_id: organization } : {}),
          results: [
            {
              source_id: sourceId,
              kind,
              method: methods.includes(method) ? method : methods[0],
              ...(soldAs ? { sold_as: soldAs } : {}),
              substances,
              collected_on: collectedOn,
              layer: layerId,
              area,
            },
          ],
        }),
      });
      const [result] = answer.results;
      if (!result || result.status === 'rejected') {
        const problems = result?.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
        setMessage({ text: `Not saved: ${problems}`, error: true });
        return;
      }
      const flags = result.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      setMessage({
        text: `Result ${sourceId} ${result.status === 'accepted' ? 'saved' : result.status}.${flags ? ` Note: ${flags}` : ''}`,
        error: false,
      });
      onSent();
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? e.message : String(e), error: true });
    }
  }

  return (
    <form onSubmit={send} aria-labelledby="entry-title">
      <h2 id="entry-title">Send a result</h2>
      {choices.organizations.length > 1 && (
        <label>
          Organization{' '}
          <select value={organization} onChange={(e) => setOrganization(e.target.value)}>
            {choices.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <p>
        <label>
          Sample id <input required value={sourceId} onChange={(e) => setSourceId(e.target.value)} />
        </label>{' '}
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {choices.kinds.map((k) => (
              <option key={k} value={k}>
                {k === 'drug_check' ? 'Drug check' : 'Seizure (lab-confirmed)'}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Method{' '}
          <select
            value={methods.includes(method) ? method : methods[0]}
            onChange={(e) => setMethod(e.target.value)}
          >
            {methods.map((m) => (
              <option key={m} value={m}>
                {m.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </p>
      <p>
        <label>
          Collected on{' '}
          <input type="date" required value={collectedOn} onChange={(e) => setCollectedOn(e.target.value)} />
        </label>{' '}
        <span className="muted">(kept as its week only)</span>{' '}
        {choices.layers.length > 1 && (
          <label>
            Layer{' '}
            <select value={layerId} onChange={(e) => setLayerId(e.target.value)}>
              {choices.layers.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        )}{' '}
        <label htmlFor="drug-check-area">Area</label>{' '}
        <select id="drug-check-area" required value={area} onChange={(e) => setArea(e.target.value)}>
          <option value="">Choose an area</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>{' '}
        <label>
          Sold as <input value={soldAs} onChange={(e) => setSoldAs(e.target.value)} />
        </label>
      </p>
      <fieldset>
        <legend>Substances found</legend>
        {choices.substances.map((s) => (
          <label key={s.code} className="choice">
            <input
              type="checkbox"
              checked={found.includes(s.code)}
              onChange={(e) =>
                setFound(e.target.checked ? [...found, s.code] : found.filter((code) => code !== s.code))
              }
            />{' '}
            {s.label}{' '}
          </label>
        ))}
        <p>
          <label>
            Other names found (separated by ;){' '}
            <input value={otherNames} onChange={(e) => setOtherNames(e.target.value)} />
          </label>
        </p>
      </fieldset>
      <button type="submit" className="primary">
        Send result
      </button>
      <p role="status" className={message?.error ? 'error' : 'muted'}>
        {message?.text}
      </p>
    </form>
  );
}

/** Hands a text to the browser as a CSV file download. */
function saveText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click was handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The CSV upload and its quarantine report: every problem of a quarantined row by row, line and field. */
function CsvUpload({
  organizations,
  onSent,
}: {
  organizations: Choices['organizations'];
  onSent: () => void;
}) {
  const [organization, setOrganization] = useState(organizations[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setError(null);
    try {
      const imported = await api<ImportAnswer>('/api/v1/drug-checks/import', {
        method: 'POST',
        body: JSON.stringify({
          ...(organization ? { organization_id: organization } : {}),
          file_name: file.name,
          csv: await file.text(),
        }),
      });
      setAnswer(imported);
      onSent();
    } catch (e) {
      setAnswer(null);
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <form onSubmit={upload} aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a CSV file</h2>
      <p className="muted">
        A header row with source_id, kind, method, collected_on, substances (names split by ;), and area (with
        layer) or latitude and longitude. Good rows are kept; bad rows are listed below and not stored.
      </p>
      {organizations.length > 1 && (
        <label>
          Organization of the file{' '}
          <select value={organization} onChange={(e) => setOrganization(e.target.value)}>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}{' '}
      <label>
        CSV file{' '}
        <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>{' '}
      <button type="submit" disabled={!file}>
        Upload
      </button>
      {error && <p role="alert">{error}</p>}
      {answer && (
        <section aria-label="Import summary">
          <p>
            {answer.file}: {answer.rows} rows; {answer.accepted} new, {answer.updated} updated,{' '}
            {answer.duplicate} already sent, {answer.rejected} quarantined.
          </p>
          {answer.quarantined_csv !== '' && (
            <button
              type="button"
              onClick={() => saveText(answer.quarantined_csv, `quarantined-${answer.file}`)}
            >
              Download the quarantined rows
            </button>
          )}
          {answer.quarantined.length > 0 && (
            <div className="area-table">
              <table>
                <caption>Quarantined rows</caption>
                <thead>
                  <tr>
                    <th>Row</th>
                    <th>Line</th>
                    <th>Field</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.quarantined.map((q) => (
                    <tr key={`${q.row}/${q.field}/${q.code}`}>
                      <td>{q.row}</td>
                      <td>{q.line}</td>
                      <td>{q.field}</td>
                      <td>{q.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </form>
  );
}
