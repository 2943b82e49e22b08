import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { JurisdictionSettings } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { RetentionSection } from './RetentionSection';
import { SingleSignOnSection } from './SingleSignOnSection';

const SETTINGS_URL = '/api/v1/admin/jurisdiction';
type Group = keyof JurisdictionSettings['session_lifetimes'];

/** Each group of roles whose sessions live alike, in words. */
const GROUPS: { group: Group; title: string }[] = [
  { group: 't3', title: 'Identifiable data (outreach, providers, oversight)' },
  { group: 't2', title: 'Line-level data (analysts) and administrators' },
  { group: 'other', title: 'Everyone else (partners, public safety, submitters)' },
];

/** The form as typed: numbers as text, an empty lifetime meaning the default. */
interface Draft {
  time_zone: string;
  public_k: string;
  partner_k: string;
  public_min_population: string;
  mfa_required: boolean;
  privacy_contact_email: string;
  lifetimes: Record<Group, { idle: string; absolute: string }>;
}

function draftOf(s: JurisdictionSettings): Draft {
  const lifetime = (g: Group) => ({
    idle: s.session_lifetimes[g].idle_minutes?.toString() ?? '',
    absolute: s.session_lifetimes[g].absolute_minutes?.toString() ?? '',
  });
  return {
    time_zone: s.time_zone,
    public_k: String(s.public_k),
    partner_k: String(s.partner_k),
    public_min_population: String(s.public_min_population),
    mfa_required: s.mfa_required,
    privacy_contact_email: s.privacy_contact_email ?? '',
    lifetimes: { t3: lifetime('t3'), t2: lifetime('t2'), other: lifetime('other') },
  };
}

/** A number typed, or null for an empty box. */
const minutesOf = (text: string) => (text.trim() === '' ? null : Number(text));

/** The server's refusal in words, naming the fields it names. */
function refusalOf(e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const details = e.details as { field?: string } | { field: string; message: string }[] | null;
  if (Array.isArray(details))
    return `${e.message}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`;
  return details?.field ? `${e.message} (${details.field})` : e.message;
}

/**
 * The administrator's settings of the jurisdiction: time zone, what publications hide, whether a
 * second factor is required, who hears of unusual reads, how long sessions live, and the outreach
 * programs' retention. Every change is audited on the server.
 */
export function SettingsPage() {
  const [version, setVersion] = useState(0);
  const loaded = useApi<JurisdictionSettings>(SETTINGS_URL, version);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) setDraft(draftOf(loaded.data));
  }, [loaded.data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setStatus(null);
    setError(null);
    const lifetimes = Object.fromEntries(
      GROUPS.map(({ group }) => [
        group,
        {
          idle_minutes: minutesOf(draft.lifetimes[group].idle),
          absolute_minutes: minutesOf(draft.lifetimes[group].absolute),
        },
      ]),
    );
    try {
      const saved = await api<JurisdictionSettings>(SETTINGS_URL, {
        method: 'PATCH',
        body: JSON.stringify({
          time_zone: draft.time_zone.trim(),
          public_k: Number(draft.public_k),
          partner_k: Number(draft.partner_k),
          public_min_population: Number(draft.public_min_population),
          mfa_required: draft.mfa_required,
          privacy_contact_email: draft.privacy_contact_email.trim() || null,
          session_lifetimes: lifetimes,
        }),
      });
      setDraft(draftOf(saved));
      setStatus('Saved.');
      setVersion((v) => v + 1);
    } catch (e) {
      setError(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };

  const set = (change: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...change } : d));
  const setLifetime = (group: Group, field: 'idle' | 'absolute', value: string) =>
    setDraft((d) =>
      d ? { ...d, lifetimes: { ...d.lifetimes, [group]: { ...d.lifetimes[group], [field]: value } } } : d,
    );

  return (
    <section className="settings">
      <h1>Settings</h1>
      {loaded.error && <p role="alert">{loaded.error}</p>}
      {draft && loaded.data && (
        <form onSubmit={save} className="settings-form">
          <p className="muted">
            {loaded.data.name} ({loaded.data.short_name}). Every change is written to the audit trail.
          </p>
          <fieldset>
            <legend>Time zone</legend>
            <label>
              Time zone (IANA name)
              <input
                value={draft.time_zone}
                onChange={(e) => set({ time_zone: e.target.value })}
                list="time-zones"
                required
              />
            </label>
            <datalist id="time-zones">
              {Intl.supportedValuesOf('timeZone').map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <p className="muted">
              Days and weeks are cut in this zone. Overdoses already counted keep the days of the zone they
              were counted in.
            </p>
          </fieldset>
          <fieldset>
            <legend>Publications</legend>
            <label>
              Public k: public counts below it are hidden
              <input
                type="number"
                min={2}
                max={100}
                value={draft.public_k}
                onChange={(e) => set({ public_k: e.target.value })}
              />
            </label>
            <label>
              Partner k (1: partners see every count)
              <input
                type="number"
                min={1}
                max={100}
                value={draft.partner_k}
                onChange={(e) => set({ partner_k: e.target.value })}
              />
            </label>
            <label>
              Smallest population of a public area
              <input
                type="number"
                min={0}
                value={draft.public_min_population}
                onChange={(e) => set({ public_min_population: e.target.value })}
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>Sign-in</legend>
            <label className="inline">
              <input
                type="checkbox"
                checked={draft.mfa_required}
                onChange={(e) => set({ mfa_required: e.target.checked })}
              />
              Require a second factor of administrators and of every role that reads line-level or
              identifiable data
            </label>
            {!loaded.data.mfa_required && (
              <p className="notice" role="status">
                A second factor is not required: a stolen password opens line-level and identifiable data.
                CJIS and HIPAA expect one. Set up your own under Account first: once it is required, these
                settings need it too.
              </p>
            )}
            <label>
              Privacy contact (hears of unusual reads of identifiable data)
              <input
                type="email"
                value={draft.privacy_contact_email}
                onChange={(e) => set({ privacy_contact_email: e.target.value })}
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>Session lifetimes (minutes; empty: the default)</legend>
            <table>
              <thead>
                <tr>
                  <th scope="col">Roles</th>
                  <th scope="col">Ends after unused for</th>
                  <th scope="col">Ends after signing in, at the latest</th>
                </tr>
              </thead>
              <tbody>
                {GROUPS.map(({ group, title }) => (
                  <tr key={group}>
                    <th scope="row">{title}</th>
                    <td>
                      <input
                        type="number"
                        min={5}
                        aria-label={`${title}: idle timeout in minutes`}
                        placeholder={`default ${loaded.data?.session_lifetimes[group].default_idle_minutes}`}
                        value={draft.lifetimes[group].idle}
                        onChange={(e) => setLifetime(group, 'idle', e.target.value)}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={5}
                        aria-label={`${title}: absolute lifetime in minutes`}
                        placeholder={`default ${loaded.data?.session_lifetimes[group].default_absolute_minutes}`}
                        value={draft.lifetimes[group].absolute}
                        onChange={(e) => setLifetime(group, 'absolute', e.target.value)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <p>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save settings'}
            </button>
          </p>
          {status && <p role="status">{status}</p>}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </form>
      )}
      <SingleSignOnSection />
      <RetentionSection />
    </section>
  );
}
