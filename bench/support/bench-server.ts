import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { BenchSite } from './bench-site.js';

/** A bench's server on a site: its address, a signed-in analyst's cookie and an organization's API key. */
export interface BenchServer {
  app: FastifyInstance;
  base: string;
  cookie: string;
  key: string;
}

/**
 * Serves the site's app on 127.0.0.1 (a free port), signs an analyst of the site's jurisdiction in
 * and makes an API key for `organizationId` (the site's organization by default), named after the bench.
 */
export async function serveBench(
  site: BenchSite,
  bench: string,
  organizationId: string = site.organization.id,
): Promise<BenchServer> {
  const app = await buildApp(site.context);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const password = `${bench} password`;
  await createBenchAnalyst(site, password);
  const cookie = await signInBenchAnalyst(base, password);
  const { key } = await site.context.access.createApiKey(cliActor, {
    jurisdictionId: site.jurisdiction.id,
    organizationId,
    name: bench,
  });
  return { app, base, cookie, key };
}

const ANALYST_EMAIL = 'analyst@bench.example.org';

/** Makes the bench's analyst, of the site's jurisdiction, with `password`. */
export async function createBenchAnalyst(site: BenchSite, password: string): Promise<void> {
  await site.context.access.createUser(cliActor, {
    jurisdictionId: site.jurisdiction.id,
    email: ANALYST_EMAIL,
    displayName: 'Bench analyst',
    role: 'analyst',
    organizationId: null,
    password,
  });
}

/** Signs the bench's analyst in at `base`; returns the session cookie. */
export async function signInBenchAnalyst(base: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ANALYST_EMAIL, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}
