import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerApiKeyRoutes } from '../access/api-keys/api-key-routes.js';
import { registerAuditTrailRoutes } from '../access/audit/trail/audit-trail-routes.js';
import { registerCrossSiteGuard } from '../access/cross-site-guard.js';
import { registerInvitationRoutes } from '../access/invitations/invitation-routes.js';
import { registerJurisdictionSettingsRoutes } from '../access/jurisdictions/jurisdiction-settings-routes.js';
import { registerKeyRoutes } from '../access/keys/key-routes.js';
import { registerSecondFactorRoutes } from '../access/mfa/second-factor-routes.js';
import { registerOrganizationRoutes } from '../access/organizations/organization-routes.js';
import { registerAccessRoutes } from '../access/routes.js';
import { registerSessionRoutes } from '../access/sessions/session-routes.js';
import { registerSharingAgreementRoutes } from '../access/sharing-agreements/sharing-agreement-routes.js';
import { registerSsoRoutes } from '../access/sso/sso-routes.js';
import { registerOwnPasswordRoutes } from '../access/users/own-password-routes.js';
import type { PeopleDependencies } from '../access/users/people-dependencies.js';
import { registerUserAdministrationRoutes } from '../access/users/user-administration-routes.js';
import { registerCommunityAlertRoutes } from '../alerts/community/routes.js';
import { registerSubscribePages } from '../alerts/community/subscribe-page.js';
import { registerAlertRoutes } from '../alerts/routes.js';
import { countCoerciveActs } from '../coercive-acts/coercive-act-service.js';
import { registerCoerciveActRoutes } from '../coercive-acts/routes.js';
import { CatalogCache } from '../directory/catalog-cache.js';
import { registerDirectoryRoutes } from '../directory/directory-routes.js';
import { registerDirectorySearchRoutes } from '../directory/directory-search-routes.js';
import { registerDrugCheckRoutes } from '../drug-checking/routes.js';
import { registerFatalityReviewRoutes } from '../fatality-review/routes.js';
import { registerNemsisRoutes } from '../intake/nemsis-routes.js';
import { registerIntakeRoutes } from '../intake/routes.js';
import { registerInteropRoutes } from '../interop/routes.js';
import { registerLinkageRoutes } from '../linkage/routes.js';
import { registerNaloxoneRoutes } from '../naloxone/routes.js';
import { programMembership } from '../outreach/program-membership.js';
import { registerOutreachRoutes } from '../outreach/routes.js';
import { handleError } from '../platform/http/error-handler.js';
import { answerFrameworkError, MAX_PATH_PARAMETER_LENGTH } from '../platform/http/framework-errors.js';
import { noRoute } from '../platform/http/no-route.js';
import { registerNulGuard } from '../platform/http/nul-guard.js';
import { registerResponseContracts } from '../platform/http/response-contracts.js';
import { DOCS_CSP, registerSecurityHeaders } from '../platform/http/security-headers.js';
import { registerWebApp } from '../platform/http/web-app.js';
import { registerAnnouncementRoutes } from '../publications/announcements/routes.js';
import { registerArchiveRoutes } from '../publications/archive/routes.js';
import { registerPublicSafetyBriefRoutes } from '../publications/briefs/public-safety-brief-routes.js';
import { registerTrainingBriefRoutes } from '../publications/briefs/training-brief-routes.js';
import { registerPublicRoutes } from '../publications/public/routes.js';
import { registerReportScheduleRoutes } from '../publications/schedules/routes.js';
import { registerResponderRoutes } from '../responders/routes.js';
import { registerSurveillanceRoutes } from '../surveillance/routes.js';
import type { AppContext } from './app-context.js';

/** The health answer: the server is up and its database answered. */
const healthSchema = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });

/** Builds the HTTP application on a context: plugins, error handling, the API and its documentation. */
export async function buildApp(
  context: AppContext,
  options: {
    logger?: boolean;
    /** Sees every route as it is registered (the security tests iterate over all of them). */
    onRoute?: (route: RouteOptions) => void;
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    frameworkErrors: answerFrameworkError,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError);
  registerResponseContracts(app, { checkAnswers: context.config.checkResponses });
  app.setNotFoundHandler((request, reply) => handleError(noRoute(request), request, reply));
  registerSecurityHeaders(app, { secure: context.config.secureCookies });
  await app.register(cookie);
  registerCrossSiteGuard(app, { publicUrl: context.config.publicUrl });
  registerNulGuard(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'SOS API',
        version: '1',
        description: 'Near real-time overdose surveillance and coordinated community response',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An organization API key (sos_...)' },
          session: { type: 'apiKey', in: 'cookie', name: 'sos_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
  registerAccessRoutes(app, context.access, context.config.secureCookies);
  registerSecondFactorRoutes(app, {
    ...context,
    publicUrl: context.config.publicUrl,
    secureCookies: context.config.secureCookies,
  });
  const people: PeopleDependencies = {
    db: context.db,
    clock: context.clock,
    keyring: context.keyring,
    access: context.access,
    mailer: context.mailer,
    publicUrl: context.config.publicUrl,
    invitationHours: context.config.invitationHours,
    // Outreach owns program membership (and imports access): handed in here, as coerciveActCounts is.
    programs: programMembership,
  };
  registerUserAdministrationRoutes(app, people);
  registerInvitationRoutes(app, people, context.config.secureCookies);
  registerOwnPasswordRoutes(app, people);
  registerSsoRoutes(
    app,
    { db: context.db, clock: context.clock, keyring: context.keyring },
    { publicUrl: context.config.publicUrl, secureCookies: context.config.secureCookies },
  );
  registerSessionRoutes(app, { db: context.db, clock: context.clock, keyring: context.keyring });
  registerJurisdictionSettingsRoutes(app, { db: context.db, clock: context.clock });
  registerIntakeRoutes(app, context.intake);
  registerNemsisRoutes(app, context.intake, { maxBytes: context.config.nemsisMaxBytes });
  registerLinkageRoutes(app, context.intake);
  registerDirectoryRoutes(app, { db: context.db, clock: context.clock });
  await registerOutreachRoutes(app, {
    db: context.db,
    clock: context.clock,
    keyring: context.keyring,
    outboxWritten: () => context.outbox.wake(),
    // Outreach never imports the register: it receives the register's counts (and nothing else) here.
    coerciveActCounts: (jurisdictionId, programId, from, to) =>
      countCoerciveActs(context.db, jurisdictionId, programId, from, to),
  });
  registerCoerciveActRoutes(app, { db: context.db, clock: context.clock });
  registerFatalityReviewRoutes(app, { db: context.db, clock: context.clock, keyring: context.keyring });
  registerSurveillanceRoutes(app, context);
  registerDirectorySearchRoutes(app, { db: context.db, clock: context.clock });
  // Public figures and briefs tolerate a replica's lag (readDb is db without one).
  registerPublicRoutes(app, { ...context, db: context.readDb });
  registerTrainingBriefRoutes(app, { ...context, db: context.readDb });
  registerSharingAgreementRoutes(app, { db: context.db, clock: context.clock });
  registerOrganizationRoutes(app, { db: context.db, clock: context.clock });
  registerApiKeyRoutes(app, { db: context.db, clock: context.clock });
  registerKeyRoutes(app, context.keys);
  registerAlertRoutes(app, {
    db: context.db,
    clock: context.clock,
    keyring: context.keyring,
    evaluateSoon: (jurisdictionId) => context.alerts.schedule(jurisdictionId),
    webhookAddresses: { allowedRanges: context.config.webhookAllowedRanges },
  });
  registerReportScheduleRoutes(app, { db: context.db, clock: context.clock, scheduler: context.reports });
  registerArchiveRoutes(app, {
    db: context.db,
    clock: context.clock,
    makeReport: context.reports.makeReport,
  });
  registerPublicSafetyBriefRoutes(app, {
    db: context.readDb,
    clock: context.clock,
    cache: context.aggregateCache,
  });
  registerResponderRoutes(app, { db: context.db, clock: context.clock });
  registerAnnouncementRoutes(app, {
    db: context.db,
    clock: context.clock,
    catalogs: new CatalogCache(),
    cache: context.aggregateCache,
  });
  registerNaloxoneRoutes(app, { db: context.db, clock: context.clock });
  registerInteropRoutes(app, {
    db: context.db,
    clock: context.clock,
    keyring: context.keyring,
    addresses: { allowedRanges: context.config.webhookAllowedRanges },
    outboxWritten: () => context.outbox.wake(),
    intake: context.intake,
  });
  registerCommunityAlertRoutes(app, { ...context, smsWebhookSecret: context.config.smsWebhookSecret });
  registerSubscribePages(app, context);
  registerAuditTrailRoutes(app, { db: context.db, clock: context.clock });
  registerDrugCheckRoutes(app, { db: context.db, clock: context.clock, locators: context.locators });
  registerWebApp(app);
  app.get(
    '/api/v1/health',
    {
      schema: { tags: ['platform'], summary: 'Liveness and database check', response: { 200: healthSchema } },
    },
    async () => {
      await context.db.query('select 1');
      return { status: 'ok' as const, database: context.db.kind };
    },
  );
  return app;
}
