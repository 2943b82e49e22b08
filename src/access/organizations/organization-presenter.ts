import { z } from 'zod';
import { organizationTypes } from '../../intake/vocabulary/index.js';
import type { Organization } from '../jurisdictions/jurisdiction.js';

/** A person to call at an organization, as answered. */
const contactSchema = z.object({
  name: z.string(),
  role: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

/** An organization as administrators read it. */
export const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.string().describe(`Its kind, of the organization vocabulary: ${organizationTypes.join(', ')}`),
  contacts: z.array(contactSchema),
  allowed_raw_keys: z
    .array(z.string())
    .describe("Extra keys of its records that a report's raw payload keeps (its intake profile)"),
});

/** An organization as the API answers it. */
export type PresentedOrganization = z.infer<typeof organizationSchema>;

/** A stored organization as answered. */
export function presentOrganization(o: Organization): PresentedOrganization {
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    contacts: (o.contacts ?? []).map((c) => ({ name: c.name, role: c.role, email: c.email, phone: c.phone })),
    allowed_raw_keys: [...(o.allowedRawKeys ?? [])],
  };
}
