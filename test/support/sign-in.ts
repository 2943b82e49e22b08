import type { FastifyInstance } from 'fastify';
import { cliActor, organizationBoundRoles, type Role } from '../../src/access/roles.js';
import type { AppContext } from '../../src/main/app-context.js';

/**
 * The Origin header the dashboard's own pages send with a signed-in change; `inject()` sends
 * `Host: localhost:80`, so this is the server's own origin there.
 */
export const OWN_ORIGIN = 'http://localhost';

/** The password every test user gets. */
export const TEST_PASSWORD = 'a long enough password';

/** Creates one user per role in a jurisdiction, signs each in, and returns their session cookies. */
export async function signInRoles(
  app: FastifyInstance,
  context: AppContext,
  jurisdictionId: string,
  roles: readonly Role[],
  organizationId: string | null = null,
): Promise<Map<Role, string>> {
  const cookies = new Map<Role, string>();
  for (const role of roles) {
    const email = `${role}.${jurisdictionId}@example.org`;
    await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: role,
      role,
      organizationId: role === 'submitter' || organizationBoundRoles.includes(role) ? organizationId : null,
      password: TEST_PASSWORD,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in of ${role} failed: ${login.body}`);
    cookies.set(role, String(login.headers['set-cookie']).split(';')[0] as string);
  }
  return cookies;
}
