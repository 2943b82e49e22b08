import type { Queryable } from '../platform/database.js';
import { findDirectoryRow, listServiceDetails } from './directory-repository.js';

/** What another module needs of a directory service to refer someone to it. */
export interface ServiceFacts {
  id: string;
  name: string;
  /** The HSDS organization's name (who runs the service). */
  organizationName: string | null;
  /** The jurisdiction's organization that answers referrals (null: none signs in to SOS). */
  providerOrganizationId: string | null;
  /** A 42 CFR Part 2 program. */
  part2Program: boolean;
  needs: string[];
}

/**
 * The facts of one service of a jurisdiction's directory, or null: the face outreach reads when a
 * worker refers a survivor (no access check here: the directory lists public services, and the caller
 * has checked its own action).
 */
export async function serviceFacts(
  db: Queryable,
  jurisdictionId: string,
  serviceId: string,
): Promise<ServiceFacts | null> {
  const service = await findDirectoryRow(db, jurisdictionId, 'services', serviceId);
  if (!service) return null;
  const organizationId = service.fields.organization_id;
  const organization = organizationId
    ? await findDirectoryRow(db, jurisdictionId, 'organizations', organizationId)
    : null;
  const [details] = await listServiceDetails(db, jurisdictionId, [serviceId]);
  return {
    id: service.id,
    name: service.fields.name ?? '',
    organizationName: organization?.fields.name ?? null,
    providerOrganizationId: details?.providerOrganizationId ?? null,
    part2Program: details?.part2Program ?? false,
    needs: details?.needs ?? [],
  };
}
