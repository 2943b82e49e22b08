import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import type { Role } from '../access/roles.js';
import { generatePassword } from '../access/users/password.js';
import { assertStrongPassword } from '../access/users/password-policy.js';
import type { AppContext } from '../main/app-context.js';

/** The demo's people: one per role that sees the dashboard or the field form, all in Connecticut. */
export const demoRoles: readonly { role: Role; email: string }[] = [
  { role: 'analyst', email: 'analyst@demo.sos.local' },
  { role: 'public_safety_analyst', email: 'police@demo.sos.local' },
  { role: 'harm_reduction_partner', email: 'harm-reduction@demo.sos.local' },
  { role: 'submitter', email: 'submitter@demo.sos.local' },
];

/**
 * Creates the demo users with one password (SOS_DEMO_PASSWORD, or a generated one that the caller
 * shows once), so that a first `npm start` can be explored role by role.
 */
export async function createDemoUsers(
  context: AppContext,
  jurisdiction: Jurisdiction,
  submitterOrganization: Organization,
  password = process.env.SOS_DEMO_PASSWORD || generatePassword(demoRoles.map((d) => d.email)),
): Promise<{ password: string; emails: string[] }> {
  for (const { email } of demoRoles) assertStrongPassword(password, email, 'SOS_DEMO_PASSWORD');
  for (const { role, email } of demoRoles) {
    await context.access.createUser(
      { kind: 'system', label: 'demo' },
      {
        jurisdictionId: jurisdiction.id,
        email,
        displayName: `Demo ${role.replaceAll('_', ' ')}`,
        role,
        organizationId: role === 'submitter' ? submitterOrganization.id : null,
        password,
      },
    );
  }
  return { password, emails: demoRoles.map((d) => d.email) };
}
