import type { FastifyInstance } from 'fastify';
import { registerCaseGlassRoutes } from './case-glass-routes.js';
import { registerCaseRecordRoutes } from './case-record-routes.js';
import { registerProgramAndCaseRoutes } from './case-routes.js';
import { registerDisclosureExportRoutes } from './disclosure-export-routes.js';
import { registerCaseFhirRoutes, registerFhirRoutes } from './fhir-routes.js';
import { registerHouseholdRoutes } from './household-routes.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { hideOutreachFromOthers, hideReferralsFromOthers } from './outreach-guard.js';
import { registerProgramOutcomesRoutes } from './program-outcomes-routes.js';
import { registerReferralInboxRoutes } from './referral-inbox-routes.js';
import { registerReferralOptionsRoutes } from './referral-options-routes.js';
import { registerReferralRoutes } from './referral-routes.js';
import { registerTransferRoutes } from './transfer-routes.js';

/** The outreach API under /api/v1/outreach/ (programs, the queue, cases and what is recorded on them) and the receiving side of referrals. */
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
    registerHouseholdRoutes(scope, deps);
    registerProgramOutcomesRoutes(scope, deps);
    registerReferralRoutes(scope, deps);
    registerReferralOptionsRoutes(scope, deps);
    registerCaseFhirRoutes(scope, deps);
    registerTransferRoutes(scope, deps);
    registerDisclosureExportRoutes(scope, deps);
  });
  // The receiving side of referrals and their FHIR reads: providers and their API keys have no
  // outreach action, so these are outside the guard and each method asks its action first (404 else).
  await app.register(async (scope) => {
    hideReferralsFromOthers(scope);
    registerReferralInboxRoutes(scope, deps);
    registerFhirRoutes(scope, deps);
  });
}
