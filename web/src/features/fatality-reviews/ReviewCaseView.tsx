import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import { type ReviewCase, type ReviewFindings, sourceName, when, words } from './fatality-review-types';

const STATUSES = ['proposed', 'accepted', 'in_progress', 'implemented', 'not_adopted'] as const;

/** The case of a review (signed members only): the decedent, the timeline, and the findings. */
export function ReviewCaseView({ reviewId }: { reviewId: string }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const read = useApi<ReviewCase>(`/api/v1/fatality-reviews/${reviewId}/case`);
  const findings = useApi<ReviewFindings>(`/api/v1/fatality-reviews/${reviewId}/findings`, version);
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [text, setText] = useState('');
  const [organization, setOrganization] = useState('');
  const [due, setDue] = useState('');

  const send = async (path: string, method: string, body: unknown, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await api(`/api/v1/fatality-reviews/${reviewId}/${path}`, { method, body: JSON.stringify(body) });
      setNotice(done);
      setVersion((v) => v + 1);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  const recordMissed = async (event: FormEvent) => {
    event.preventDefault();
    if (
      await send(
        'missed-opportunities',
        'POST',
        { category: category || findings.data?.categories[0]?.code, description },
        'Missed opportunity recorded.',
      )
    ) {
      setDescription('');
    }
  };
  const recordRecommendation = async (event: FormEvent) => {
    event.preventDefault();
    if (
      await send(
        'recommendations',
        'POST',
        { text, responsible_organization: organization, due_date: due || null },
        'Recommendation recorded.',
      )
    ) {
      setText('');
      setOrganization('');
      setDue('');
    }
  };

  if (read.error) return <p role="alert">{read.error}</p>;
  if (!read.data) return <p className="muted">Opening the case…</p>;
  const c = read.data;
  const name = c.decedent ? [c.decedent.first_name, c.decedent.last_name].filter(Boolean).join(' ') : null;
  return (
    <div className="ofr-case">
      <h3>Case</h3>
      <p className="muted">
        Every read of this case is recorded in the audit trail (purpose: fatality review).
      </p>
      <dl className="ofr-facts">
        <dt>Decedent</dt>
        <dd>{name ?? 'Not named in the records'}</dd>
        <dt>Birth date</dt>
        <dd>{c.decedent?.birth_date ?? 'Unknown'}</dd>
        <dt>Died</dt>
        <dd>{when(c.death.occurred_at)}</dd>
        <dt>Age, sex</dt>
        <dd>
          {c.death.age ?? 'unknown age'}, {c.death.sex ?? 'unknown sex'}
        </dd>
        <dt>Substances</dt>
        <dd>{c.death.substances.map(words).join(', ') || 'none recorded'}</dd>
        <dt>Sources of the death</dt>
        <dd>
          {c.death.sources
            .map((s) => `${sourceName(s.source_type)} (${s.organization ?? 'unknown'})`)
            .join(', ')}
        </dd>
        <dt>Prior overdoses</dt>
        <dd>{c.prior_overdoses.length}</dd>
        <dt>Outreach cases</dt>
        <dd>{c.outreach_cases.length}</dd>
      </dl>
      <h3>Timeline</h3>
      <div className="ofr-scroll">
        <table className="ofr-timeline">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">System</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {c.timeline.map((e) => (
              <tr key={`${e.at}|${e.kind}|${e.summary}`} data-kind={e.kind}>
                <td>{when(e.at)}</td>
                <td>{e.system}</td>
                <td>{e.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Missed opportunities</h3>
      {notice && <p role="status">{notice}</p>}
      {error && <p role="alert">{error}</p>}
      {findings.data && findings.data.missed_opportunities.length === 0 && (
        <p className="empty-state">None recorded yet.</p>
      )}
      <ul className="ofr-missed">
        {findings.data?.missed_opportunities.map((m) => (
          <li key={m.id}>
            <strong>
              {findings.data?.categories.find((x) => x.code === m.category)?.label ?? words(m.category)}
            </strong>
            : {m.description}{' '}
            <span className="muted">
              ({m.recorded_by ?? 'unknown'}, {when(m.recorded_at)})
            </span>
          </li>
        ))}
      </ul>
      <form onSubmit={recordMissed} className="ofr-form">
        <label>
          Category{' '}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {findings.data?.categories.map((x) => (
              <option key={x.code} value={x.code}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          What was missed{' '}
          <input value={description} onChange={(e) => setDescription(e.target.value)} required />
        </label>
        <button type="submit">Record missed opportunity</button>
      </form>

      <h3>Recommendations</h3>
      {findings.data && findings.data.recommendations.length === 0 && (
        <p className="empty-state">None recorded yet.</p>
      )}
      {findings.data && findings.data.recommendations.length > 0 && (
        <div className="ofr-scroll">
          <table className="ofr-recommendations">
            <thead>
              <tr>
                <th scope="col">Recommendation</th>
                <th scope="col">Responsible</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">History</th>
              </tr>
            </thead>
            <tbody>
              {findings.data.recommendations.map((r) => (
                <tr key={r.id}>
                  <td>{r.text}</td>
                  <td>{r.responsible_organization}</td>
                  <td>{r.due_date ?? '–'}</td>
                  <td>
                    <select
                      aria-label={`Status of "${r.text}"`}
                      value={r.status}
                      onChange={(e) =>
                        void send(
                          `recommendations/${r.id}`,
                          'PATCH',
                          { status: e.target.value },
                          `Recommendation moved to ${words(e.target.value)}.`,
                        )
                      }
                    >
                      {STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {words(s)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="muted">
                    {r.history
                      .map((h) => `${words(h.status)} (${h.moved_by ?? 'unknown'}, ${when(h.at)})`)
                      .join(' → ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={recordRecommendation} className="ofr-form">
        <label>
          Recommendation <input value={text} onChange={(e) => setText(e.target.value)} required />
        </label>
        <label>
          Responsible organization{' '}
          <input value={organization} onChange={(e) => setOrganization(e.target.value)} required />
        </label>
        <label>
          Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <button type="submit">Record recommendation</button>
      </form>
    </div>
  );
}
