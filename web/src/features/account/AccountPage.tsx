import type { Me } from '../../shared/api-responses';
import { roleNames } from '../../shared/navigation';
import { SessionsSection } from './SessionsSection';

/**
 * The signed-in user's own account: who they are here, and the sections where they keep their sign-in
 * safe (password, second factors, sessions). Every role has it.
 */
export function AccountPage({ me }: { me: Me }) {
  return (
    <section className="account">
      <h1>Your account</h1>
      <p>
        You are signed in as a {roleNames[me.role].toLowerCase()}.
        {me.mfa_missing && (
          <strong className="warning" role="status">
            {' '}
            Your jurisdiction requires a second factor before you can see line-level or identifiable data: set
            one up below, then sign in again with it.
          </strong>
        )}
      </p>
      <SessionsSection />
    </section>
  );
}
