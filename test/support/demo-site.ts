import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import {
  findJurisdiction,
  listOrganizations,
} from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { loadDemoOnce } from '../../src/demo/demo-loader.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { launchBrowser } from './browser.js';
import { TEST_PASSWORD } from './sign-in.js';
import { openTestContext } from './test-databases.js';

/** The demo served on a free port with Chromium started, and one user per role (`<role>@ct.example.org`). */
export interface DemoSite {
  context: AppContext & { dispose(): Promise<void> };
  app: FastifyInstance;
  browser: Browser;
  base: string;
  emails: Map<Role, string>;
  close(): Promise<void>;
}

/**
 * Loads the demo into PostgreSQL (the production engine), creates a Connecticut user of each role
 * given (submitters and service providers in the medical examiner's organization), serves the app and starts Chromium.
 */
export async function openDemoSite(roles: readonly Role[]): Promise<DemoSite> {
  const context = await openTestContext('postgres');
  await loadDemoOnce(context);
  const ct = await findJurisdiction(context.db, 'ct');
  assert.ok(ct);
  const [ocme] = await listOrganizations(context.db, ct.id);
  assert.ok(ocme);
  const emails = new Map<Role, string>();
  for (const role of roles) {
    const email = `${role}@ct.example.org`;
    await context.access.createUser(cliActor, {
      jurisdictionId: ct.id,
      email,
      displayName: role,
      role,
      // A service provider's staff answer for their organization's services, as submitters send its records.
      organizationId: role === 'submitter' || role === 'service_provider' ? ocme.id : null,
      password: TEST_PASSWORD,
    });
    emails.set(role, email);
  }
  const app = await buildApp(context);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  return {
    context,
    app,
    browser,
    base,
    emails,
    async close() {
      await browser.close();
      await app.close();
      await context.dispose();
    },
  };
}
