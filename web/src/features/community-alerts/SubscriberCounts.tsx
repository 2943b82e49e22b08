import type { CommunitySubscriberCounts } from '../../shared/api-responses';

/**
 * Confirmed subscribers per area and channel: counts only, for the staff who send alerts (no address
 * is ever shown). Areas without any subscriber are left out of the table.
 */
export function SubscriberCounts({ counts }: { counts: CommunitySubscriberCounts }) {
  const withSubscribers = counts.areas.filter((a) => a.sms + a.email > 0);
  const total = counts.subscribers.sms + counts.subscribers.email;
  return (
    <section aria-labelledby="subscribers-title">
      <h2 id="subscribers-title">Subscribers</h2>
      <p className="muted">
        {total} confirmed {total === 1 ? 'subscriber' : 'subscribers'}: {counts.subscribers.sms} by text
        message, {counts.subscribers.email} by email. One person may follow several areas, so the areas add up
        to more.
      </p>
      {withSubscribers.length === 0 ? (
        <p className="empty-state">No one has confirmed a subscription yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col">Text message</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {withSubscribers.map((area) => (
              <tr key={area.id}>
                <th scope="row">{area.name}</th>
                <td>{area.sms}</td>
                <td>{area.email}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
