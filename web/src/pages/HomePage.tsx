import type { Me } from '../api';
import { roleNames } from '../navigation';

/** The landing page of roles whose views are still to come (administration, outreach). */
export function HomePage({ me }: { me: Me }) {
  return (
    <section className="home">
      <h1>Welcome</h1>
      <p>
        You are signed in as <strong>{roleNames[me.role]}</strong>. The views of your role are on their way;
        your role sees no overdose data in the dashboard.
      </p>
      <p>
        The API is documented at <a href="/api/docs">/api/docs</a>.
      </p>
    </section>
  );
}
