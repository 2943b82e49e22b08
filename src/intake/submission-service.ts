import { authorize } from '../access/authorize.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { findJurisdiction, findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { SosError } from '../platform/errors.js';
import type { IntakeAdapter } from './adapters/intake-adapter.js';
import { runIntake } from './intake-pipeline.js';
import type { IntakeDependencies, IntakeItemResult } from './intake-service.js';

/** Most reports one request may carry. */
export const MAX_BATCH = 1000;

/**
 * The organization a submitter sends for: the API key's, or the one the signed-in user names (their
 * own when they belong to one), inside the actor's jurisdiction.
 */
export async function submittingOrganization(
  deps: Pick<IntakeDependencies, 'db'>,
  actor: Actor,
  organizationId: string | null,
): Promise<{ jurisdiction: Jurisdiction; organization: Organization }> {
  if (actor.kind !== 'api_key' && actor.kind !== 'user') throw new SosError('FORBIDDEN');
  const id = actor.kind === 'api_key' ? actor.organizationId : (organizationId ?? actor.organizationId);
  if (!id) {
    throw new SosError('VALIDATION_FAILED', 'Name the organization the reports come from (organization_id)');
  }
  const jurisdiction = await findJurisdiction(deps.db, actor.jurisdictionId);
  const organization = jurisdiction && (await findOrganization(deps.db, jurisdiction.id, id));
  if (!jurisdiction || !organization) {
    throw new SosError('UNKNOWN_ORGANIZATION', `No organization ${id} in your jurisdiction`);
  }
  return { jurisdiction, organization };
}

/**
 * Reports pushed by a submitter's system or typed into the field form: the organization is the API
 * key's, or the one the signed-in user names (their own when they belong to one).
 */
export async function submitReports(
  deps: IntakeDependencies,
  actor: Actor,
  input: {
    organizationId: string | null;
    adapter: IntakeAdapter<readonly unknown[]>;
    reports: readonly unknown[];
  },
): Promise<IntakeItemResult[]> {
  authorize(actor, 'report.submit');
  if (actor.kind !== 'api_key' && actor.kind !== 'user') throw new SosError('FORBIDDEN');
  if (input.reports.length > MAX_BATCH) {
    throw new SosError(
      'BATCH_TOO_LARGE',
      `A batch holds at most ${MAX_BATCH} reports; this one has ${input.reports.length}`,
    );
  }
  const { jurisdiction, organization } = await submittingOrganization(deps, actor, input.organizationId);
  const results: IntakeItemResult[] = [];
  await runIntake(deps, actor, {
    jurisdiction,
    organization,
    adapter: input.adapter,
    source: input.reports,
    onWritten: (answers) => {
      for (const { result } of answers) results.push(result);
    },
  });
  return results;
}
