import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Jurisdiction } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Config } from '../../src/platform/config.js';
import { signInRoles } from '../support/sign-in.js';
import { type Engine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

/** One method of one registered route. */
export interface RegisteredRoute {
  method: string;
  url: string;
  route: RouteOptions;
}

/** An application with every route it registered, two jurisdictions, signed-in users and an API key. */
export interface SecurityApp {
  app: FastifyInstance;
  context: AppContext & { dispose(): Promise<void> };
  routes: RegisteredRoute[];
  jurisdiction: Jurisdiction;
  /** Session cookies of users of `jurisdiction`, by role. */
  cookies: Map<Role, string>;
  /** The session cookie of an analyst of another jurisdiction. */
  otherAnalyst: string;
  /** An API key of an organization of `jurisdiction`. */
  apiKey: string;
  dispose(): Promise<void>;
}

/** Builds the app on a fresh database of the engine, recording each route as it is registered. */
export async function openSecurityApp(
  engine: Engine,
  options: { config?: Partial<Config>; clock?: Clock } = {},
): Promise<SecurityApp> {
  const context = await openTestContext(engine, {
    ...(options.config ? { config: options.config } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const registered: RouteOptions[] = [];
  const app = await buildApp(context, { onRoute: (route) => registered.push(route) });
  const { jurisdiction, organization } = await seedJurisdiction(context.db, { shortName: 'ct' });
  const other = await seedJurisdiction(context.db, { shortName: 'other' });
  const cookies = await signInRoles(app, context, jurisdiction.id, ['analyst', 'administrator']);
  const otherAnalyst = (await signInRoles(app, context, other.jurisdiction.id, ['analyst'])).get(
    'analyst',
  ) as string;
  const { key } = await context.access.createApiKey(cliActor, {
    jurisdictionId: jurisdiction.id,
    organizationId: organization.id,
    name: 'records system',
  });
  const routes = registered.flatMap((route) =>
    [route.method]
      .flat()
      .filter((method) => method !== 'HEAD')
      .map((method) => ({ method, url: route.url, route })),
  );
  return {
    app,
    context,
    routes,
    jurisdiction,
    cookies,
    otherAnalyst,
    apiKey: key,
    dispose: async () => {
      await app.close();
      await context.dispose();
    },
  };
}

/** The routes that change something. */
export function stateChanging(routes: readonly RegisteredRoute[]): RegisteredRoute[] {
  return routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
}

/** The names of a route's path parameters (`:id`, and swagger-ui's `*`). */
export function pathParams(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
}

/** A URL for a route, each parameter filled with `values[name]` or a well-formed stand-in. */
export function fillUrl(url: string, values: Record<string, string> = {}): string {
  return url
    .replace(/:(\w+)/g, (_, name: string) =>
      encodeURIComponent(
        values[name] ?? (name === 'jurisdiction' ? 'ct' : '00000000-0000-4000-8000-000000000000'),
      ),
    )
    .replace('*', 'x');
}

/** The top-level field names of a zod object schema (a route's querystring or body), else none. */
export function schemaKeys(schema: unknown): string[] {
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown; in?: unknown } };
  // Through .default(), .optional() and .refine() wrappers to the object they hold.
  for (let i = 0; i < 5 && current && !current.shape; i++) {
    current = (current.def?.innerType ?? current.def?.in) as typeof current;
  }
  return current?.shape ? Object.keys(current.shape) : [];
}
