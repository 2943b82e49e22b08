import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { errorAnswers } from '../../platform/http/error-response.js';
import { lifetimeBounds } from '../sessions/session-lifetime.js';
import { presentedSettingsSchema } from './jurisdiction-settings-presenter.js';
import { changeSettings, readSettings } from './jurisdiction-settings-service.js';

const minutes = z.number().int().min(lifetimeBounds.minMinutes).max(lifetimeBounds.maxMinutes).nullable();
const lifetimeChange = z
  .object({ idle_minutes: minutes, absolute_minutes: minutes })
  .partial()
  .strict()
  .describe(`Minutes (${lifetimeBounds.minMinutes} to ${lifetimeBounds.maxMinutes}); null: the default`);

/** PATCH /api/v1/admin/jurisdiction: each field left out stays. */
const settingsChange = z
  .object({
    time_zone: z.string().min(1).max(100).describe('An IANA time zone, such as America/New_York'),
    public_k: z.number().int().min(2).max(100).describe('Public counts below this are suppressed'),
    partner_k: z.number().int().min(1).max(100).describe("Partner reports' k (1: nothing hidden)"),
    public_min_population: z.number().int().min(0).max(100_000_000).describe('Smallest public area'),
    mfa_required: z
      .boolean()
      .describe('Roles that read T2 or T3 data, and administrators, need a second factor'),
    privacy_contact_email: z.email().max(320).nullable().describe('Who hears of unusual reads'),
    session_lifetimes: z
      .object({ t3: lifetimeChange, t2: lifetimeChange, other: lifetimeChange })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/** The jurisdiction settings page's API (administrators, their own jurisdiction). */
export function registerJurisdictionSettingsRoutes(
  app: FastifyInstance,
  deps: { db: Database; clock: Clock },
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const errors = errorAnswers('FORBIDDEN', 'MFA_REQUIRED', 'UNKNOWN_JURISDICTION');
  typed.get(
    '/api/v1/admin/jurisdiction',
    {
      schema: {
        tags: ['access'],
        summary:
          "Your jurisdiction's settings: time zone, publication, MFA, privacy contact, session lifetimes",
        response: { 200: presentedSettingsSchema, ...errors },
      },
    },
    async (request) => readSettings(deps, request.actor),
  );
  typed.patch(
    '/api/v1/admin/jurisdiction',
    {
      schema: {
        tags: ['access'],
        summary: "Change your jurisdiction's settings; audited (jurisdiction.update) with the changed fields",
        body: settingsChange,
        response: { 200: presentedSettingsSchema, ...errors, ...errorAnswers('VALIDATION_FAILED') },
      },
    },
    async (request) => changeSettings(deps, request.actor, request.body),
  );
}
