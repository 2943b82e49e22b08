import { listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import type { Queryable } from '../platform/database.js';
import { anyReportFrom } from './report-repository.js';

/**
 * Whether any organization of the jurisdiction other than this one has sent reports: until one has,
 * a batch has no other source's overdoses to link to. The organizations are the access module's.
 */
export async function otherOrganizationsReported(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
): Promise<boolean> {
  const organizations = await listOrganizations(tx, jurisdictionId);
  const others = organizations.map((o) => o.id).filter((id) => id !== organizationId);
  return anyReportFrom(tx, jurisdictionId, others);
}
