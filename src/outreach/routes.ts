import type { FastifyInstance } from 'fastify';
import { registerCaseGlassRoutes } from './case-glass-routes.js';
import { registerCaseRecordRoutes } from './case-record-routes.js';
import { registerProgramAndCaseRoutes } from './case-routes.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { hideOutreachFromOthers } from './outreach-guard.js';
import { registerProgramMetricsRoutes } from './program-metrics-routes.js';
import { registerReferralOptionsRoutes } from './referral-options-routes.js';

/** The outreach API under /api/v1/outreach/: programs, the queue, cases and what is recorded on them. */
export async function registerOutreachRoutes(
  app: FastifyInstance,
  deps: OutreachDependencies,
): Promise<void> {
  await app.register(async (scope) => {
    hideOutreachFromOthers(scope);
    // Each part of the API registers its routes here, one line each.
    registerProgramAndCaseRoutes(scope, deps);
    registerCaseRecordRoutes(scope, deps);
    registerCaseGlassRoutes(scope, deps);
    registerProgramMetricsRoutes(scope, deps);
    registerReferralOptionsRoutes(scope, deps);
  });
}
