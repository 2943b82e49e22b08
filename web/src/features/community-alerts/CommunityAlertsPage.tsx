import { useState } from 'react';
import type {
  CommunityAlert,
  CommunityAlertPage,
  CommunitySubscriberCounts,
  Me,
} from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { CommunityAlertCard } from './CommunityAlertCard';
import { CommunityAlertForm } from './CommunityAlertForm';
import { SubscriberCounts } from './SubscriberCounts';

/**
 * Bad-batch alerts to people who opted in, by area, in words an analyst approved: drafts (analysts
 * and harm reduction partners), approval and sending (analysts), delivery counts and subscriber counts.
 */
export function CommunityAlertsPage({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const alerts = useApi<CommunityAlertPage>('/api/v1/community-alerts?limit=50', version);
  const counts = useApi<CommunitySubscriberCounts>('/api/v1/community-alerts/subscribers', version);
  const areas = counts.data?.areas.map((a) => ({ id: a.id, name: a.name })) ?? [];
  const canApprove = me.role === 'analyst';
  const changed = (_alert: CommunityAlert, text: string) => {
    setNotice(text);
    setVersion((v) => v + 1);
  };
  const signUp = `/alerts/subscribe/${encodeURIComponent(me.jurisdiction_id)}`;
  return (
    <section className="community-alerts">
      <h1>Community alerts</h1>
      <p className="muted">
        Bad-batch alerts to people who opted in, by area, in words an analyst approved. People sign up on the{' '}
        <a href={signUp}>public sign-up page</a> or by texting JOIN and their town; they confirm first and can
        stop at any time.
        {canApprove ? '' : ' Analysts approve and send the alerts you draft.'}
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {counts.error && <p role="alert">{counts.error}</p>}
      {counts.data && <SubscriberCounts counts={counts.data} />}
      <section aria-labelledby="draft-title">
        <h2 id="draft-title">Draft an alert</h2>
        {counts.data && areas.length === 0 ? (
          <p className="empty-state">No areas yet: import a layer of towns first.</p>
        ) : (
          <CommunityAlertForm
            areas={areas}
            editing={null}
            onSaved={(a) => changed(a, `Saved the draft "${a.title}".`)}
          />
        )}
      </section>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">Alerts</h2>
        {alerts.error && <p role="alert">{alerts.error}</p>}
        {alerts.data && alerts.data.alerts.length === 0 && (
          <p className="empty-state">No community alerts yet.</p>
        )}
        {alerts.data?.alerts.map((alert) => (
          <CommunityAlertCard
            key={`${alert.id}/${alert.version}/${alert.status}`}
            alert={alert}
            areas={areas}
            canApprove={canApprove}
            onChanged={changed}
          />
        ))}
      </section>
    </section>
  );
}
