import type { Me } from '../../shared/api-responses';

/** Results from drug-checking services and lab-confirmed seizures, by area and week. */
export function DrugCheckingPage(_props: { me: Me }) {
  return (
    <section>
      <h1>Drug checking</h1>
      <p className="muted">
        Results from drug-checking services and lab-confirmed seizures, by area and week.
      </p>
    </section>
  );
}
