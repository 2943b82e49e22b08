import type { Me } from '../../shared/api-responses';

/** Precinct brief (issue 18). */
export function PublicSafetyBrief(_props: { me: Me }) {
  return (
    <section>
      <h2>Precinct brief</h2>
    </section>
  );
}
