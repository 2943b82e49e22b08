import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { SESSION_MS } from '../access-service.js';
import { REMEMBERED_DEVICE_COOKIE } from '../mfa/remembered-device.js';
import { SESSION_COOKIE } from '../routes.js';
import { identityProviderSchema, signInProviderSchema } from './identity-provider-presenter.js';
import {
  createProvider,
  editProvider,
  listProviders,
  removeProvider,
  type SsoDependencies,
  signInProviders,
} from './identity-provider-service.js';
import { roleRuleSchema } from './role-rules.js';
import { SIGN_IN_FLOW_MS } from './sign-in-flow-cookie.js';
import { finishSingleSignOn, startSingleSignOn } from './sso-sign-in-service.js';

/** The sealed cookie that carries a single sign-on from its start to the provider's answer. */
export const SIGN_IN_FLOW_COOKIE = 'sos_sso_flow';
const FLOW_COOKIE_PATH = '/api/v1/auth/oidc';
/** The path the provider sends the browser back to: the redirect URI to register at the provider. */
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** What the routes need beyond the services' dependencies. */
export interface SsoRouteOptions {
  /** The public URL (SOS_PUBLIC_URL), else the address each request was sent to. */
  publicUrl: string | null;
  secureCookies: boolean;
}

const providerBody = z
  .object({
    display_name: z.string().trim().min(1).max(100),
    issuer_url: z.url().max(500).describe("The provider's issuer, exactly as its discovery document says"),
    client_id: z.string().trim().min(1).max(500),
    client_secret: z.string().min(1).max(2000).describe('Sealed with the keyring; never sent back'),
    scopes: z
      .array(
        z
          .string()
          .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)
          .max(100),
      )
      .max(20)
      .optional()
      .describe('Scopes asked for (openid is always added); default openid email profile'),
    enabled: z.boolean().optional(),
    jit_accounts: z.boolean().optional(),
    manages_roles: z.boolean().optional(),
    role_rules: z.array(roleRuleSchema).max(100).optional(),
  })
  .strict();
const idParams = z.object({ id: z.uuid() }).strict();
const redirect = z.null().meta({ type: 'null', description: 'A redirect (Location header)' });
const adminTags = ['identity-providers'];
const signInTags = ['access'];

/** The redirect URI of this server as the provider must know it. */
function redirectUriOf(request: FastifyRequest, publicUrl: string | null): string {
  const base = publicUrl ? publicUrl.replace(/\/$/, '') : `${request.protocol}://${request.host}`;
  return `${base}${OIDC_CALLBACK_PATH}`;
}

/** Back to the sign-in page with the reason in the fragment (never sent to a server, never logged). */
function backToSignIn(reply: FastifyReply, error: unknown) {
  if (!(error instanceof SosError) || error.code !== 'SSO_FAILED') throw error;
  return reply.redirect(`/login#sso_error=${encodeURIComponent(error.message)}`, 302);
}

/** Single sign-on with OpenID Connect: the sign-in steps, the sign-in page's list, and administration. */
export function registerSsoRoutes(
  app: FastifyInstance,
  deps: SsoDependencies,
  options: SsoRouteOptions,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const flowCookie = {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level navigation from another site.
    sameSite: 'lax' as const,
    secure: options.secureCookies,
    path: FLOW_COOKIE_PATH,
  };

  typed.get(
    '/api/v1/auth/oidc/providers',
    {
      config: { answersEveryoneAlike: true },
      schema: {
        tags: signInTags,
        summary: 'The identity providers one may sign in with (the sign-in page shows a button for each)',
        response: { 200: z.object({ providers: z.array(signInProviderSchema) }) },
      },
    },
    async () => ({ providers: await signInProviders(deps) }),
  );
  typed.get(
    '/api/v1/auth/oidc/:id/start',
    {
      schema: {
        tags: signInTags,
        summary:
          'Start single sign-on: redirects to the provider (code flow with PKCE, state and nonce in a sealed cookie); on failure back to /login#sso_error=...',
        params: idParams,
        response: { 302: redirect, ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        const started = await startSingleSignOn(
          deps,
          request.params.id,
          redirectUriOf(request, options.publicUrl),
        );
        reply.setCookie(SIGN_IN_FLOW_COOKIE, started.flowCookie, {
          ...flowCookie,
          maxAge: SIGN_IN_FLOW_MS / 1000,
        });
        return reply.redirect(started.location, 302);
      } catch (error) {
        return backToSignIn(reply, error);
      }
    },
  );
  typed.get(
    OIDC_CALLBACK_PATH,
    {
      schema: {
        tags: signInTags,
        summary:
          "The provider's answer: validates the ID token, opens a session and redirects to the app; on refusal to /login#sso_error=<reason>",
        querystring: z
          .object({
            code: z.string().max(4000).optional(),
            state: z.string().max(500).optional(),
            error: z.string().max(200).optional(),
            error_description: z.string().max(2000).optional(),
            iss: z.string().max(500).optional(),
            session_state: z.string().max(500).optional(),
          })
          // Not strict: providers add parameters of their own, which SOS ignores.
          .strip(),
        response: { 302: redirect, ...errorResponses },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SIGN_IN_FLOW_COOKIE];
      // Used once, whatever the outcome.
      reply.clearCookie(SIGN_IN_FLOW_COOKIE, flowCookie);
      try {
        const { token, secondFactor } = await finishSingleSignOn(
          deps,
          request.query,
          cookie,
          redirectUriOf(request, options.publicUrl),
          {
            address: request.ip,
            userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
            rememberedDevice: request.cookies[REMEMBERED_DEVICE_COOKIE] ?? null,
          },
        );
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/',
          maxAge: SESSION_MS / 1000,
        });
        // A user who owes a second factor gives it on the sign-in page, as after a password.
        return reply.redirect(
          secondFactor ? `/login#second_factor=${secondFactor.methods.join(',')}` : '/',
          302,
        );
      } catch (error) {
        return backToSignIn(reply, error);
      }
    },
  );

  typed.get(
    '/api/v1/admin/identity-providers',
    {
      schema: {
        tags: adminTags,
        summary: "The jurisdiction's identity providers for single sign-on (administrators)",
        response: {
          200: z.object({
            identity_providers: z.array(identityProviderSchema),
            redirect_uri: z
              .string()
              .describe('The address to register at a provider (the same for every one)'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const redirectUri = redirectUriOf(request, options.publicUrl);
      return {
        identity_providers: await listProviders(deps, request.actor, redirectUri),
        redirect_uri: redirectUri,
      };
    },
  );
  typed.post(
    '/api/v1/admin/identity-providers',
    {
      schema: {
        tags: adminTags,
        summary: 'Add an identity provider (OpenID Connect) with its claim-to-role rules; audited',
        body: providerBody,
        response: { 201: identityProviderSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createProvider(deps, request.actor, request.body, redirectUriOf(request, options.publicUrl)),
        ),
  );
  typed.patch(
    '/api/v1/admin/identity-providers/:id',
    {
      schema: {
        tags: adminTags,
        summary: "Change an identity provider's settings (a client secret given replaces the old); audited",
        params: idParams,
        body: providerBody.partial().strict(),
        response: { 200: identityProviderSchema, ...errorResponses },
      },
    },
    async (request) =>
      editProvider(
        deps,
        request.actor,
        request.params.id,
        request.body,
        redirectUriOf(request, options.publicUrl),
      ),
  );
  typed.delete(
    '/api/v1/admin/identity-providers/:id',
    {
      schema: {
        tags: adminTags,
        summary: 'Remove an identity provider and its links to users (the users stay); audited',
        params: idParams,
        response: {
          204: z.null().meta({ type: 'null', description: 'Removed' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      await removeProvider(deps, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
