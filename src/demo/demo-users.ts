import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import type { Role } from '../access/roles.js';
import { generatePassword } from '../access/users/password.js';
import { assertStrongPassword } from '../access/users/password-policy.js';
import type { AppContext } from '../main/app-context.js';
import { DEMO_PROVIDER_ORGANIZATION } from './demo-directory.js';

/**
 * The demo's people, all in Connecticut: one per role that sees the dashboard or the field form, and
 * the coordinator and the worker of the demo's outreach program, and a treatment provider's staff member.
 */
export const demoRoles: readonly { role: Role; email: string }[] = [
  { role: 'analyst', email: 'analyst@demo.sos.local' },
  { role: 'public_safety_analyst', email: 'police@demo.sos.local' },
  { role: 'harm_reduction_partner', email: 'harm-reduction@demo.sos.local' },
  { role: 'submitter', email: 'submitter@demo.sos.local' },
  { role: 'outreach_coordinator', email: 'coordinator@demo.sos.local' },
  { role: 'outreach_worker', email: 'worker@demo.sos.local' },
  { role: 'service_provider', email: 'provider@demo.sos.local' },
];

/** The organization a demo user acts for: the submitter's feed, the provider's treatment organization. */
function organizationOf(role: Role, submitterOrganization: Organization): string | null {
  if (role === 'submitter') return submitterOrganization.id;
  return role === 'service_provider' ? DEMO_PROVIDER_ORGANIZATION.id : null;
}

/** The demo users created, with their ids and names by role (the outreach program lists two as members). */
export interface DemoUsers {
  password: string;
  emails: string[];
  byRole: Map<Role, { id: string; displayName: string }>;
}

/**
 * Creates the demo users with one password (SOS_DEMO_PASSWORD, or a generated one that the caller
 * shows once), so that a first `npm start` can be explored role by role.
 */
export async function createDemoUsers(
  context: AppContext,
  jurisdiction: Jurisdiction,
  submitterOrganization: Organization,
  password = process.env.SOS_DEMO_PASSWORD || generatePassword(demoRoles.map((d) => d.email)),
): Promise<DemoUsers> {
  for (const { email } of demoRoles) assertStrongPassword(password, email, 'SOS_DEMO_PASSWORD');
  const byRole: DemoUsers['byRole'] = new Map();
  for (const { role, email } of demoRoles) {
    const displayName = `Demo ${role.replaceAll('_', ' ')}`;
    const { id } = await context.access.createUser(
      { kind: 'system', label: 'demo' },
      {
        jurisdictionId: jurisdiction.id,
        email,
        displayName,
        role,
        organizationId: organizationOf(role, submitterOrganization),
        password,
      },
    );
    byRole.set(role, { id, displayName });
  }
  return { password, emails: demoRoles.map((d) => d.email), byRole };
}
