import { z } from 'zod';
import { agreementDataCategories } from './sharing-agreement.js';
import type { StoredAgreement } from './sharing-agreement-repository.js';

/** A party of an agreement: one of the jurisdiction's organizations, by id and name. */
const partySchema = z.object({ organization_id: z.uuid(), name: z.string() });

/** The signed document's facts (its content is downloaded apart). */
const documentFactsSchema = z.object({
  name: z.string(),
  type: z.string(),
  sha256: z.string(),
  size: z.number().int(),
});

/** A sharing agreement as administrators read it. */
export const agreementSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  parties: z.array(partySchema),
  purpose: z.string(),
  data_categories: z.array(z.enum(agreementDataCategories)),
  legal_basis: z.string(),
  starts_on: z.iso.date(),
  ends_on: z.iso.date().nullable(),
  in_force: z.boolean().describe("Today (the jurisdiction's day) is within its term"),
  public: z.boolean(),
  document: documentFactsSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A sharing agreement as the API answers it. */
export type PresentedAgreement = z.infer<typeof agreementSchema>;

/** A public agreement: parties by name, no internal ids but its own (for the document's link). */
export const publicAgreementSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  parties: z.array(z.string()),
  purpose: z.string(),
  data_categories: z.array(z.enum(agreementDataCategories)),
  legal_basis: z.string(),
  starts_on: z.iso.date(),
  ends_on: z.iso.date().nullable(),
  in_force: z.boolean(),
  document: documentFactsSchema.extend({ url: z.string() }).nullable(),
});

/** A public agreement as the API answers it. */
export type PublicAgreement = z.infer<typeof publicAgreementSchema>;

/** Whether an agreement is in force on a day (YYYY-MM-DD): within its term, both ends included. Pure. */
export function agreementInForce(a: Pick<StoredAgreement, 'startsOn' | 'endsOn'>, today: string): boolean {
  return a.startsOn <= today && (a.endsOn === null || today <= a.endsOn);
}

const documentOf = (a: StoredAgreement) =>
  a.documentSha256 && a.documentName && a.documentType
    ? { name: a.documentName, type: a.documentType, sha256: a.documentSha256, size: a.documentSize }
    : null;

/** Presents an agreement (fields allowlisted), its parties named. */
export function presentAgreement(
  a: StoredAgreement,
  organizationNames: ReadonlyMap<string, string>,
  today: string,
): PresentedAgreement {
  return {
    id: a.id,
    title: a.title,
    parties: a.partyOrganizationIds.map((id) => ({
      organization_id: id,
      name: organizationNames.get(id) ?? '',
    })),
    purpose: a.purpose,
    data_categories: a.dataCategories,
    legal_basis: a.legalBasis,
    starts_on: a.startsOn,
    ends_on: a.endsOn,
    in_force: agreementInForce(a, today),
    public: a.public,
    document: documentOf(a),
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

/** Presents a public agreement: parties by name only, the document by its public link. */
export function presentPublicAgreement(
  a: StoredAgreement,
  organizationNames: ReadonlyMap<string, string>,
  today: string,
  jurisdictionShortName: string,
): PublicAgreement {
  const document = documentOf(a);
  return {
    id: a.id,
    title: a.title,
    parties: a.partyOrganizationIds.map((id) => organizationNames.get(id) ?? ''),
    purpose: a.purpose,
    data_categories: a.dataCategories,
    legal_basis: a.legalBasis,
    starts_on: a.startsOn,
    ends_on: a.endsOn,
    in_force: agreementInForce(a, today),
    document: document && {
      ...document,
      url: `/api/v1/public/sharing-agreements/${a.id}/document?jurisdiction=${encodeURIComponent(jurisdictionShortName)}`,
    },
  };
}
