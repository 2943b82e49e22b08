import type { Me } from '../../shared/api-responses';

/** Announcements for community groups, schools and youth programs, built from public figures. */
export function AnnouncementsPage(_props: { me: Me }) {
  return (
    <section>
      <h1>Announcements</h1>
      <p className="muted">
        Announcements for community groups, schools and youth programs, built from public figures.
      </p>
    </section>
  );
}
