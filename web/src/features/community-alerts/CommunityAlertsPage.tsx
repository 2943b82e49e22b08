import type { Me } from '../../shared/api-responses';

/** Bad-batch alerts to people who opted in, by area, in words an analyst approved. */
export function CommunityAlertsPage(_props: { me: Me }) {
  return (
    <section>
      <h1>Community alerts</h1>
      <p className="muted">Bad-batch alerts to people who opted in, by area, in words an analyst approved.</p>
    </section>
  );
}
