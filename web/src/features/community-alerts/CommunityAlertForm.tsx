import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import type { AlertList, CommunityAlert, CommunityAlertStart } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

/** The draft's fields as the form holds them. */
interface Draft {
  title: string;
  areaIds: string[];
  drugCheckSignalId: string;
  publicMessage: string;
  publicSms: string;
  pwudMessage: string;
  pwudSms: string;
  partnersMessage: string;
}

const EMPTY: Draft = {
  title: '',
  areaIds: [],
  drugCheckSignalId: '',
  publicMessage: '',
  publicSms: '',
  pwudMessage: '',
  pwudSms: '',
  partnersMessage: '',
};

/** A starting point for the people-who-use-drugs text: plain, practical, non-judgmental. */
const PWUD_HINT =
  'Plain and practical: what was found and where; test your drugs (test strips), do not use alone, carry naloxone; never-use-alone line and 988.';

/** The form's fields from a stored alert, to change it. */
function draftOf(alert: CommunityAlert): Draft {
  return {
    title: alert.title,
    areaIds: alert.areas.map((a) => a.id),
    drugCheckSignalId: alert.drug_check_signal_id ?? '',
    publicMessage: alert.texts.public.message,
    publicSms: alert.texts.public.sms.text,
    pwudMessage: alert.texts.people_who_use_drugs.message,
    pwudSms: alert.texts.people_who_use_drugs.sms.text,
    partnersMessage: alert.texts.partners.message,
  };
}

/** Drafts a community alert, or changes one (which makes it a draft to approve again). */
export function CommunityAlertForm({
  areas,
  editing,
  onSaved,
  onCancel,
}: {
  areas: { id: string; name: string }[];
  editing: CommunityAlert | null;
  onSaved: (alert: CommunityAlert) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : EMPTY);
  const [alertId, setAlertId] = useState<string | null>(editing?.alert_id ?? null);
  // Spike alerts to start from, for a new draft only.
  const spikes = useApi<AlertList>(editing ? null : '/api/v1/alerts?limit=20');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (field: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body = JSON.stringify({
        title: draft.title,
        area_ids: draft.areaIds,
        alert_id: alertId,
        drug_check_signal_id: draft.drugCheckSignalId.trim() || null,
        texts: {
          public: { message: draft.publicMessage, sms: draft.publicSms },
          people_who_use_drugs: { message: draft.pwudMessage, sms: draft.pwudSms },
          partners: { message: draft.partnersMessage },
        },
      });
      const saved = editing
        ? await api<CommunityAlert>(`/api/v1/community-alerts/${editing.id}`, { method: 'PUT', body })
        : await api<CommunityAlert>('/api/v1/community-alerts', { method: 'POST', body });
      if (!editing) {
        setDraft(EMPTY);
        setAlertId(null);
      }
      onSaved(saved);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  async function startFrom(id: string) {
    setError(null);
    if (!id) {
      setAlertId(null);
      return;
    }
    try {
      const start = await api<CommunityAlertStart>(`/api/v1/community-alerts/drafts/from-alert/${id}`);
      setAlertId(id);
      setDraft({
        title: start.title,
        areaIds: start.area_ids,
        drugCheckSignalId: start.drug_check_signal_id ?? '',
        publicMessage: start.texts.public.message,
        publicSms: start.texts.public.sms,
        pwudMessage: start.texts.people_who_use_drugs.message,
        pwudSms: start.texts.people_who_use_drugs.sms,
        partnersMessage: start.texts.partners.message,
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const prefix = editing ? `edit-${editing.id}` : 'new';
  return (
    <form
      className="community-alert-form"
      onSubmit={submit}
      aria-label={editing ? 'Change the alert' : 'Draft an alert'}
    >
      {!editing && (spikes.data?.alerts.length ?? 0) > 0 && (
        <>
          <label htmlFor="new-from-alert">Start from a spike alert (optional)</label>
          <select id="new-from-alert" value={alertId ?? ''} onChange={(e) => startFrom(e.target.value)}>
            <option value="">None: write from scratch</option>
            {spikes.data?.alerts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.place}, {new Date(a.raised_at).toLocaleString()}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={`${prefix}-title`}>Title</label>
      <input id={`${prefix}-title`} required maxLength={120} value={draft.title} onChange={set('title')} />
      <label htmlFor={`${prefix}-areas`}>Areas (choose one or more)</label>
      <select
        id={`${prefix}-areas`}
        multiple
        size={6}
        required
        value={draft.areaIds}
        onChange={(e) =>
          setDraft((d) => ({ ...d, areaIds: [...e.target.selectedOptions].map((o) => o.value) }))
        }
      >
        {areas.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${prefix}-signal`}>Drug-checking signal (optional id)</label>
      <input
        id={`${prefix}-signal`}
        maxLength={200}
        value={draft.drugCheckSignalId}
        onChange={set('drugCheckSignalId')}
      />
      <fieldset>
        <legend>Public</legend>
        <label htmlFor={`${prefix}-public-message`}>Email text</label>
        <textarea
          id={`${prefix}-public-message`}
          required
          rows={3}
          value={draft.publicMessage}
          onChange={set('publicMessage')}
        />
        <label htmlFor={`${prefix}-public-sms`}>Text message (aim for 160 characters)</label>
        <textarea
          id={`${prefix}-public-sms`}
          required
          rows={2}
          value={draft.publicSms}
          onChange={set('publicSms')}
        />
        <p className="muted">{draft.publicSms.length} characters</p>
      </fieldset>
      <fieldset>
        <legend>People who use drugs</legend>
        <p className="muted">{PWUD_HINT}</p>
        <label htmlFor={`${prefix}-pwud-message`}>Email text</label>
        <textarea
          id={`${prefix}-pwud-message`}
          required
          rows={3}
          value={draft.pwudMessage}
          onChange={set('pwudMessage')}
        />
        <label htmlFor={`${prefix}-pwud-sms`}>Text message (aim for 160 characters)</label>
        <textarea
          id={`${prefix}-pwud-sms`}
          required
          rows={2}
          value={draft.pwudSms}
          onChange={set('pwudSms')}
        />
        <p className="muted">{draft.pwudSms.length} characters</p>
      </fieldset>
      <fieldset>
        <legend>Partners</legend>
        <label htmlFor={`${prefix}-partners-message`}>Text for partner organizations to pass on</label>
        <textarea
          id={`${prefix}-partners-message`}
          required
          rows={3}
          value={draft.partnersMessage}
          onChange={set('partnersMessage')}
        />
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={saving}>
        {editing ? 'Save as a new version' : 'Save draft'}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}
