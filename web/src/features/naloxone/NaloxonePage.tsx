import type { Me } from '../../shared/api-responses';

/** Kits distributed, access points and where coverage falls short of need. */
export function NaloxonePage(_props: { me: Me }) {
  return (
    <section>
      <h1>Naloxone</h1>
      <p className="muted">Kits distributed, access points and where coverage falls short of need.</p>
    </section>
  );
}
