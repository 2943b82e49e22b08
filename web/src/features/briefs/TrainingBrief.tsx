import { type FormEvent, useState } from 'react';
import type { AreaCollection, Layers, Me, TrainingBriefView } from '../../shared/api-responses';
import { downloadFile } from '../../shared/download';
import { useApi } from '../../shared/useApi';

type ShareView = TrainingBriefView['fatal'];

/** "12 of 240 (5%)", or "hidden" when the disclosure rules hid the count or its denominator. */
function shareText(share: ShareView): string {
  if (share.count === null || share.of === null || share.percent === null) return 'hidden';
  return `${share.count} of ${share.of} (${share.percent}%)`;
}

/** A vocabulary code in words: `not_hispanic` → "Not hispanic"; the brief's few special codes spelled out. */
function label(code: string): string {
  const words: Record<string, string> = {
    unknown: 'Not recorded',
    none_recorded: 'None recorded',
    under_25: 'Under 25',
    '65_and_over': '65 and over',
  };
  return words[code] ?? (code.charAt(0).toUpperCase() + code.slice(1)).replace(/_/g, ' ');
}

const ATTRIBUTE_TITLES: Record<keyof TrainingBriefView['attributes'], string> = {
  age_group: 'Age',
  sex: 'Sex',
  race: 'Race',
  ethnicity: 'Ethnicity',
};

const REFERRAL_TITLES: Record<TrainingBriefView['referrals'][number]['kind'], string> = {
  treatment: 'Treatment',
  naloxone: 'Naloxone',
  harm_reduction: 'Harm reduction',
};

/** The brief's query string: area and months as asked (empty: the whole jurisdiction, last 12 months). */
function briefQuery(q: { layer: string; area: string; from: string; to: string }): string {
  const params = new URLSearchParams();
  if (q.layer && q.area) {
    params.set('layer', q.layer);
    params.set('area', q.area);
  }
  if (q.from) params.set('from', `${q.from}-01`);
  if (q.to) params.set('to', `${q.to}-01`);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The training brief for officers and first responders: choose an area and months, read who
 * overdoses here, the myths against the figures, the Good Samaritan law and where to refer, and
 * download it as PDF or its figures as JSON (for `sos suppression check`).
 */
export function TrainingBrief(_props: { me: Me }) {
  const layers = useApi<Layers>('/api/v1/layers');
  const [draft, setDraft] = useState({ layer: '', area: '', from: '', to: '' });
  const [asked, setAsked] = useState<string | null>(null);
  const areas = useApi<AreaCollection>(
    draft.layer ? `/api/v1/layers/${encodeURIComponent(draft.layer)}/areas` : null,
  );
  const brief = useApi<TrainingBriefView>(asked === null ? null : `/api/v1/briefs/training${asked}`);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked(briefQuery(draft));
  };
  const download = (file: string) => {
    setDownloadError(null);
    downloadFile(`/api/v1/briefs/training/${file}${asked ?? ''}`, `training-${file}`).catch((e: unknown) =>
      setDownloadError(e instanceof Error ? e.message : String(e)),
    );
  };
  const b = brief.data;
  return (
    <section className="training-brief" aria-labelledby="training-brief-title">
      <h2 id="training-brief-title">Training brief</h2>
      <p className="muted">
        Who overdoses here, for officers and first responders: figures with their denominators, small counts
        hidden, myths answered with the figures, the Good Samaritan law and where to refer people.
      </p>
      <form onSubmit={submit} className="training-brief-form">
        <label>
          Layer{' '}
          <select
            value={draft.layer}
            onChange={(e) => setDraft({ ...draft, layer: e.target.value, area: '' })}
          >
            <option value="">Whole jurisdiction</option>
            {(layers.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        {draft.layer && (
          <label>
            Area{' '}
            <select value={draft.area} onChange={(e) => setDraft({ ...draft, area: e.target.value })}>
              <option value="">Choose an area</option>
              {(areas.data?.features ?? [])
                .map((f) => f.properties)
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label>
          From{' '}
          <input
            type="month"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          To{' '}
          <input type="month" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" disabled={draft.layer !== '' && draft.area === ''}>
          Make training brief
        </button>
      </form>
      <p className="muted">Without months, the brief covers the 12 months ending with the latest data.</p>
      {brief.loading && <p>Making the brief…</p>}
      {brief.error && <p role="alert">{brief.error}</p>}
      {b && (
        <article className="training-brief-view" aria-label="Training brief">
          <h3>
            Who overdoses in {b.scope.area_name ?? b.jurisdiction.name}, {b.from.slice(0, 7)} to{' '}
            {b.to.slice(0, 7)}
          </h3>
          <p>
            <button type="button" onClick={() => download('brief.pdf')}>
              Download PDF
            </button>{' '}
            <button type="button" onClick={() => download('figures.json')}>
              Download figures (JSON)
            </button>
          </p>
          {downloadError && <p role="alert">{downloadError}</p>}
          <table>
            <caption>The overdoses</caption>
            <tbody>
              <tr>
                <th scope="row">Suspected overdoses</th>
                <td data-figure="total">{b.total ?? 'hidden'}</td>
              </tr>
              <tr>
                <th scope="row">Fatal</th>
                <td data-figure="fatal">{shareText(b.fatal)}</td>
              </tr>
              <tr>
                <th scope="row">Naloxone given (by anyone)</th>
                <td data-figure="naloxone">{shareText(b.naloxone_given)}</td>
              </tr>
            </tbody>
          </table>
          <div className="training-brief-groups">
            {(Object.keys(ATTRIBUTE_TITLES) as (keyof typeof ATTRIBUTE_TITLES)[]).map((key) => {
              const a = b.attributes[key];
              return (
                <table key={key} data-attribute={key}>
                  <caption>{ATTRIBUTE_TITLES[key]}</caption>
                  <tbody>
                    {a.values.length === 0 && (
                      <tr>
                        <td colSpan={2}>No group can be shown for this period.</td>
                      </tr>
                    )}
                    {a.values.map((v) => (
                      <tr key={v.key}>
                        <th scope="row">{label(v.key)}</th>
                        <td>{shareText(v.share)}</td>
                      </tr>
                    ))}
                  </tbody>
                  {a.withheld_months.length > 0 && (
                    <tfoot>
                      <tr>
                        <td colSpan={2} className="muted">
                          {a.withheld_months.length} month(s) left out: too few overdoses to break down
                          safely.
                        </td>
                      </tr>
                    </tfoot>
                  )}
                </table>
              );
            })}
          </div>
          <table>
            <caption>Substances involved (an overdose may involve several)</caption>
            <tbody>
              {b.substances.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{label(s.key)}</th>
                  <td>{shareText(s.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Myths against figures</h4>
          <ul className="training-myths">
            {b.myths.map((m) => (
              <li key={m.id}>
                <strong>Myth: {m.claim}</strong> {m.answer}
              </li>
            ))}
          </ul>
          <h4>Good Samaritan law</h4>
          {b.good_samaritan_laws.laws.length === 0 && (
            <p>No Good Samaritan law summary is kept for this jurisdiction yet.</p>
          )}
          {b.good_samaritan_laws.laws.map((law) => (
            <div key={law.state}>
              <h5>{law.state_name}</h5>
              <ul>
                {law.protects.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <p className="muted">
                Not covered: {law.limits.join(' ')} Statutes: {law.citations.join('; ')}. Last reviewed{' '}
                {law.last_reviewed}. Not legal advice.
              </p>
            </div>
          ))}
          <h4>Where to refer people</h4>
          <ul>
            {b.referrals.map((g) => (
              <li key={g.kind}>
                <strong>{REFERRAL_TITLES[g.kind]}:</strong>{' '}
                {g.services.length === 0
                  ? 'none in the directory yet'
                  : g.services.map((s) => `${s.name}${s.phone ? ` (${s.phone})` : ''}`).join('; ')}
              </li>
            ))}
            <li>
              <strong>{b.crisis_line.name}:</strong> {b.crisis_line.text}
            </li>
          </ul>
          <p className="muted">
            Counts from 1 to {b.k - 1} read “hidden”, and so do some larger counts that would reveal them.
          </p>
        </article>
      )}
    </section>
  );
}
