import type { Me } from '../../shared/api-responses';

/** Overdose Fatality Review: cases, members and recommendations. */
export function FatalityReviewsPage(_props: { me: Me }) {
  return (
    <section>
      <h1>Fatality reviews</h1>
      <p className="muted">Overdose Fatality Review: cases, members and recommendations.</p>
    </section>
  );
}
