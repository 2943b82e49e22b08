import {
  findJurisdiction,
  findOrganization,
  type Jurisdiction,
  listJurisdictions,
  listOrganizations,
  type Organization,
} from '../access/jurisdictions/jurisdiction-repository.js';
import { type AppContext, createAppContext } from '../platform/app-context.js';
import { loadConfig } from '../platform/config.js';
import { SosError } from '../platform/errors.js';

/** Opens the configured database for one command and closes it afterwards, whatever happens. */
export async function withContext<T>(fn: (context: AppContext) => Promise<T>): Promise<T> {
  const context = await createAppContext(loadConfig());
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/** The jurisdiction a command names, or the only one there is. */
export async function resolveJurisdiction(
  context: AppContext,
  idOrShortName: string | undefined,
): Promise<Jurisdiction> {
  if (idOrShortName) {
    const found = await findJurisdiction(context.db, idOrShortName);
    if (!found)
      throw new SosError(
        'UNKNOWN_JURISDICTION',
        `No jurisdiction "${idOrShortName}" (see: sos jurisdiction list)`,
      );
    return found;
  }
  const all = await listJurisdictions(context.db);
  if (all.length === 1) return all[0] as Jurisdiction;
  throw new SosError(
    'VALIDATION_FAILED',
    all.length === 0
      ? 'There is no jurisdiction yet: create one with sos jurisdiction create'
      : `Name the jurisdiction with --jurisdiction: one of ${all.map((j) => j.shortName).join(', ')}`,
  );
}

/** The organization a command names, or the only one of the jurisdiction. */
export async function resolveOrganization(
  context: AppContext,
  jurisdiction: Jurisdiction,
  id: string | undefined,
): Promise<Organization> {
  if (id) {
    const found = await findOrganization(context.db, jurisdiction.id, id);
    if (!found)
      throw new SosError('UNKNOWN_ORGANIZATION', `No organization ${id} in ${jurisdiction.shortName}`);
    return found;
  }
  const all = await listOrganizations(context.db, jurisdiction.id);
  if (all.length === 1) return all[0] as Organization;
  throw new SosError(
    'VALIDATION_FAILED',
    all.length === 0
      ? `${jurisdiction.shortName} has no organization yet: create one with sos organization create`
      : `Name the organization with --organization: one of ${all.map((o) => `${o.id} (${o.name})`).join(', ')}`,
  );
}

/** Reads a required whole-number option. */
export function wholeNumber(name: string, value: string | undefined, min = 0): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) {
    throw new SosError(
      'VALIDATION_FAILED',
      `--${name} needs a whole number of at least ${min}, not "${value ?? ''}"`,
    );
  }
  return n;
}
