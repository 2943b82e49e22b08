import { useState } from 'react';
import { api } from '../../shared/api';
import type { CommunityAlert } from '../../shared/api-responses';
import { CommunityAlertForm } from './CommunityAlertForm';

const STATUS_WORDS: Record<CommunityAlert['status'], string> = {
  draft: 'Draft: waiting for an analyst to approve',
  approved: 'Approved: ready to send',
  sent: 'Sent',
};

/** One SMS text with its length in parts. */
function SmsText({ label, sms }: { label: string; sms: CommunityAlert['texts']['public']['sms'] }) {
  return (
    <div>
      <h4>{label}: text message</h4>
      <p className="sms-text">{sms.text}</p>
      <p className="muted">
        {sms.parts} {sms.parts === 1 ? 'part' : 'parts'} with the stop footer
        {sms.encoding === 'ucs2' ? ' (special characters: 70 per part)' : ''}
      </p>
    </div>
  );
}

/** A community alert: its texts, its state, and the steps the reader may take (approve and send: analysts). */
export function CommunityAlertCard({
  alert,
  areas,
  canApprove,
  onChanged,
}: {
  alert: CommunityAlert;
  areas: { id: string; name: string }[];
  canApprove: boolean;
  onChanged: (alert: CommunityAlert, notice: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function step(path: 'approve' | 'send', notice: string) {
    setBusy(true);
    setError(null);
    try {
      const body = path === 'approve' ? JSON.stringify({ version: alert.version }) : undefined;
      const changed = await api<CommunityAlert>(`/api/v1/community-alerts/${alert.id}/${path}`, {
        method: 'POST',
        ...(body ? { body } : {}),
      });
      onChanged(changed, notice);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const sent = alert.deliveries.sms.sent + alert.deliveries.email.sent;
  const queued = alert.deliveries.sms.queued + alert.deliveries.email.queued;
  const failed = alert.deliveries.sms.failed + alert.deliveries.email.failed;
  return (
    <article className="community-alert" aria-labelledby={`alert-${alert.id}`}>
      <h3 id={`alert-${alert.id}`}>{alert.title}</h3>
      <p className="community-alert-status">
        <strong>{STATUS_WORDS[alert.status]}</strong> · version {alert.version} ·{' '}
        {alert.areas.map((a) => a.name).join(', ')}
        {alert.drug_check_signal_id ? ` · drug-checking signal ${alert.drug_check_signal_id}` : ''}
      </p>
      {alert.warnings.map((w) => (
        <p key={w} className="warning" role="note">
          {w}
        </p>
      ))}
      {editing ? (
        <CommunityAlertForm
          areas={areas}
          editing={alert}
          onSaved={(changed) => {
            setEditing(false);
            onChanged(changed, `Saved version ${changed.version}: it needs an analyst's approval again.`);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="community-alert-texts">
          <div>
            <h4>Public: email</h4>
            <p>{alert.texts.public.message}</p>
          </div>
          <SmsText label="Public" sms={alert.texts.public.sms} />
          <div>
            <h4>People who use drugs: email</h4>
            <p>{alert.texts.people_who_use_drugs.message}</p>
          </div>
          <SmsText label="People who use drugs" sms={alert.texts.people_who_use_drugs.sms} />
          <div>
            <h4>Partners</h4>
            <p>{alert.texts.partners.message}</p>
          </div>
        </div>
      )}
      {alert.status === 'sent' && (
        <p className="community-alert-deliveries">
          Delivered to {sent} {sent === 1 ? 'subscriber' : 'subscribers'} ({alert.deliveries.sms.sent} by
          text, {alert.deliveries.email.sent} by email); {queued} waiting, {failed} failed.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!editing && alert.status !== 'sent' && (
        <p className="actions">
          <button type="button" onClick={() => setEditing(true)} disabled={busy}>
            Change
          </button>{' '}
          {canApprove && alert.status === 'draft' && (
            <button
              type="button"
              onClick={() => step('approve', `Approved version ${alert.version}.`)}
              disabled={busy}
            >
              Approve version {alert.version}
            </button>
          )}
          {canApprove && alert.status === 'approved' && (
            <button
              type="button"
              onClick={() => step('send', 'Sent to the confirmed subscribers of its areas.')}
              disabled={busy}
            >
              Send to subscribers
            </button>
          )}
        </p>
      )}
    </article>
  );
}
