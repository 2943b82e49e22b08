import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type {
  AlertRule,
  AlertRules,
  Backtest,
  CreatedAlertRule,
  Me,
  UpdatedAlertRule,
} from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** The methods a rule can use: the 24-hour threshold on every report, or a statistical method run hourly. */
const METHODS = [
  ['threshold_24h', '24-hour threshold, on every report'],
  ['ears_c2', 'EARS C2 on daily counts (checked every hour)'],
  ['essence_switch', 'ESSENCE regression/EWMA on daily counts (checked every hour)'],
  ['farrington', 'Farrington (Noufaily) on weekly counts (checked every hour)'],
] as const;

/** The form's fields, as typed. */
interface Draft {
  name: string;
  method: (typeof METHODS)[number][0];
  twoSources: boolean;
  substance: string;
  minimumCount: string;
  coolDown: string;
  analystEmails: string;
  partnerEmails: string;
  webhookUrl: string;
  webhookSecret: string;
}

const EMPTY: Draft = {
  name: '',
  method: 'threshold_24h',
  twoSources: false,
  substance: '',
  minimumCount: '3',
  coolDown: '360',
  analystEmails: '',
  partnerEmails: '',
  webhookUrl: '',
  webhookSecret: '',
};

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The rule a draft describes, in the API's words (without audiences for a backtest). */
function ruleBody(d: Draft, withAudiences: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: d.name.trim() || 'Backtest',
    scope: d.substance ? { substance: d.substance } : {},
    method: d.method,
    corroboration: d.twoSources ? 'two_sources' : 'none',
    minimum_count: Number(d.minimumCount),
    cool_down_minutes: Number(d.coolDown),
  };
  if (!withAudiences) return body;
  body.emails = { analyst: list(d.analystEmails), partner: list(d.partnerEmails) };
  if (d.webhookUrl) body.webhook = { url: d.webhookUrl, secret: d.webhookSecret };
  return body;
}

/**
 * Alert rules: the jurisdiction's rules, a new one, and (analysts: it replays line-level counts) a
 * backtest of it over the history first.
 */
export function RulesPage({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const rules = useApi<AlertRules>('/api/v1/alert-rules', version);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  // Empty until the first backtest: the server then replays the data's last year and says which days.
  const [range, setRange] = useState({ from: '', to: '' });
  const [backtest, setBacktest] = useState<Backtest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const call = async <T,>(path: string, method: string, body: unknown): Promise<T | null> => {
    setError(null);
    try {
      return await api<T>(path, { method, body: JSON.stringify(body) });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      return null;
    }
  };
  const runBacktest = async () => {
    setBusy(true);
    const asked = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
    const result = await call<Backtest>('/api/v1/alert-rules/backtest', 'POST', {
      ...ruleBody(draft, false),
      ...asked,
    });
    if (result) setRange({ from: result.range.first_day, to: result.range.last_day });
    setBacktest(result);
    setBusy(false);
  };
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const rule = await call<CreatedAlertRule>('/api/v1/alert-rules', 'POST', ruleBody(draft, true));
    if (!rule) return;
    setSaved(`Rule "${rule.name}" is on.`);
    setDraft(EMPTY);
    setBacktest(null);
    setVersion((v) => v + 1);
  };
  const toggle = async (rule: AlertRule) => {
    if (await call<UpdatedAlertRule>(`/api/v1/alert-rules/${rule.id}`, 'PATCH', { enabled: !rule.enabled }))
      setVersion((v) => v + 1);
  };

  return (
    <section className="rules">
      <h1>Alert rules</h1>
      <p className="muted">
        A rule counts suspected overdoses in the last 24 hours, on every new report, and raises an alert when
        the count passes what recurred in the 30 days before (at least the minimum count, once per cool-down).
      </p>
      {rules.error && <p role="alert">{rules.error}</p>}
      {rules.data && rules.data.rules.length === 0 && (
        <p className="empty-state">No rules yet: add one below.</p>
      )}
      {rules.data && rules.data.rules.length > 0 && (
        <table>
          <caption className="visually-hidden">Alert rules</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Scope</th>
              <th scope="col">Minimum</th>
              <th scope="col">Cool-down</th>
              <th scope="col">Tells</th>
              <th scope="col">On</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.rules.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>
                  {r.scope.substance ?? 'every overdose'},{' '}
                  {METHODS.find((m) => m[0] === r.method)?.[1] ?? r.method}
                  {r.corroboration === 'two_sources' ? ', two sources needed' : ''}
                </td>
                <td>{r.minimum_count}</td>
                <td>{r.cool_down_minutes} min</td>
                <td>
                  {r.emails.analyst.length + r.emails.partner.length} addresses
                  {r.webhook ? ', a webhook' : ''}
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={r.enabled}
                    aria-label={`Rule ${r.name} on`}
                    onChange={() => void toggle(r)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="rule-form" onSubmit={create}>
        <h2>New rule</h2>
        {error && <p role="alert">{error}</p>}
        {saved && <p role="status">{saved}</p>}
        <label>
          Name
          <input
            required
            value={draft.name}
            maxLength={200}
            onChange={(e) => set({ name: e.target.value })}
          />
        </label>
        <label>
          Method
          <select
            value={draft.method}
            onChange={(e) => {
              set({ method: e.target.value as Draft['method'] });
              setBacktest(null);
            }}
          >
            {METHODS.map(([value, title]) => (
              <option key={value} value={value}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.twoSources}
            onChange={(e) => {
              set({ twoSources: e.target.checked });
              setBacktest(null);
            }}
          />
          Only when two kinds of source report (corroboration)
        </label>
        <label>
          Substance (optional)
          <input
            value={draft.substance}
            placeholder="e.g. fentanyl"
            pattern="[a-z0-9_]*"
            onChange={(e) => set({ substance: e.target.value })}
          />
        </label>
        <label>
          Minimum count
          <input
            type="number"
            min={1}
            required
            value={draft.minimumCount}
            onChange={(e) => set({ minimumCount: e.target.value })}
          />
        </label>
        <label>
          Cool-down (minutes)
          <input
            type="number"
            min={1}
            required
            value={draft.coolDown}
            onChange={(e) => set({ coolDown: e.target.value })}
          />
        </label>
        <label>
          Emails, full detail (analysts)
          <input value={draft.analystEmails} onChange={(e) => set({ analystEmails: e.target.value })} />
        </label>
        <label>
          Emails, short text (partners)
          <input value={draft.partnerEmails} onChange={(e) => set({ partnerEmails: e.target.value })} />
        </label>
        <label>
          Webhook URL (optional)
          <input type="url" value={draft.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} />
        </label>
        {draft.webhookUrl && (
          <label>
            Webhook secret (16 characters or more; shown only now)
            <input
              required
              minLength={16}
              value={draft.webhookSecret}
              onChange={(e) => set({ webhookSecret: e.target.value })}
            />
          </label>
        )}
        {me.role !== 'analyst' && (
          <p className="muted">Backtests are run by analysts: they replay the hour-level counts.</p>
        )}
        {me.role === 'analyst' && (
          <fieldset className="backtest">
            <legend>Backtest before turning it on</legend>
            <label>
              From
              <input
                type="date"
                value={range.from}
                onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
              />
            </label>
            <label>
              To
              <input
                type="date"
                value={range.to}
                onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
              />
            </label>
            <button type="button" disabled={busy} onClick={() => void runBacktest()}>
              {busy ? 'Replaying the history…' : 'Backtest'}
            </button>
            {backtest && (
              <div className="backtest-result" role="status">
                <p>
                  It would have raised <strong>{backtest.total}</strong> alert
                  {backtest.total === 1 ? '' : 's'} from {backtest.range.first_day} to{' '}
                  {backtest.range.last_day}, one per spike (an alert stays open while the count stays over its
                  threshold).
                </p>
                {backtest.by_month.length > 0 && (
                  <table>
                    <caption>Alerts a month</caption>
                    <thead>
                      <tr>
                        <th scope="col">Month</th>
                        <th scope="col">Alerts</th>
                      </tr>
                    </thead>
                    <tbody>
                      {backtest.by_month.map((m) => (
                        <tr key={m.month}>
                          <td>{m.month}</td>
                          <td>{m.episodes}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            )}
          </fieldset>
        )}
        <button type="submit">Turn the rule on</button>
      </form>
    </section>
  );
}
