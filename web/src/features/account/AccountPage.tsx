import type { Me } from '../../shared/api-responses';
import { roleNames } from '../../shared/navigation';
import { ChangePasswordSection } from './ChangePasswordSection';
import { SecondFactorsSection } from './SecondFactorsSection';
import { SessionsSection } from './SessionsSection';

/**
 * The signed-in user's own account: who they are here, and the sections where they keep their sign-in
 * safe (password, second factors, sessions). Every role has it.
 */
export function AccountPage({ me, onChanged }: { me: Me; onChanged: () => void }) {
  return (
    <section className="account">
      <h1>Your account</h1>
      <p>
        You are signed in as a {roleNames[me.role].toLowerCase()}.
        {me.mfa_missing && (
          <strong className="warning" role="status">
            {' '}
            Your jurisdiction requires a second factor before you can see line-level or identifiable data: set
            one up below.
          </strong>
        )}
      </p>
      <SecondFactorsSection onEnrolled={onChanged} />
      <ChangePasswordSection />
      <SessionsSection />
    </section>
  );
}
