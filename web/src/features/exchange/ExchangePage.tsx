import type { Me } from '../../shared/api-responses';

/** ODMAP exports, push connectors to other systems and ODMAP-style imports. */
export function ExchangePage(_props: { me: Me }) {
  return (
    <section>
      <h1>Data exchange</h1>
      <p className="muted">ODMAP exports, push connectors to other systems and ODMAP-style imports.</p>
    </section>
  );
}
