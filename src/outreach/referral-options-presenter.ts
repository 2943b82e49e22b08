import { z } from 'zod';
import type { SharingAgreement } from '../access/sharing-agreements/sharing-agreement.js';
import type { ServiceFacts } from '../directory/service-facts.js';
import type { Consent } from './case-records.js';
import { consentMethods } from './outreach-vocabulary.js';

/** GET /outreach/cases/:caseId/referral-options: what a referral of the case to a service may name. */
export const referralOptionsSchema = z.object({
  service: z.object({
    id: z.string(),
    name: z.string(),
    organization_name: z.string().nullable(),
    provider_organization_id: z.uuid().nullable(),
    /** The provider organization's name in SOS, for the consent that names it. */
    provider_organization_name: z.string().nullable(),
    part2_program: z.boolean(),
  }),
  disclosure_required: z
    .boolean()
    .describe('The service has a provider organization: the referral names a consent and an agreement'),
  consent_methods: z
    .array(z.enum(consentMethods))
    .describe('How a consent naming the provider may have been given (written or electronic for Part 2)'),
  consents: z.array(
    z.object({
      id: z.uuid(),
      recipient: z.string().nullable(),
      method: z.enum(consentMethods),
      obtained_at: z.string(),
      expires_at: z.string().nullable(),
    }),
  ),
  agreements: z.array(
    z.object({ id: z.uuid(), title: z.string(), starts_on: z.string(), ends_on: z.string().nullable() }),
  ),
});

/** The referral options as the API answers them. */
export type ReferralOptions = z.infer<typeof referralOptionsSchema>;

/** Presents the options (fields allowlisted: a consent's scope and recipient ids stay in). */
export function presentReferralOptions(options: {
  service: ServiceFacts;
  providerOrganizationName: string | null;
  consents: readonly Consent[];
  agreements: readonly SharingAgreement[];
}): ReferralOptions {
  const { service } = options;
  return {
    service: {
      id: service.id,
      name: service.name,
      organization_name: service.organizationName,
      provider_organization_id: service.providerOrganizationId,
      provider_organization_name: options.providerOrganizationName,
      part2_program: service.part2Program,
    },
    disclosure_required: service.providerOrganizationId !== null,
    consent_methods: service.part2Program ? ['written', 'electronic'] : [...consentMethods],
    consents: options.consents.map((c) => ({
      id: c.id,
      recipient: c.recipient,
      method: c.method,
      obtained_at: c.obtainedAt.toISOString(),
      expires_at: c.expiresAt?.toISOString() ?? null,
    })),
    agreements: options.agreements.map((a) => ({
      id: a.id,
      title: a.title,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
    })),
  };
}
