import type { Me } from '../../shared/api-responses';

/** Training brief (issue 18). */
export function TrainingBrief(_props: { me: Me }) {
  return (
    <section>
      <h2>Training brief</h2>
    </section>
  );
}
