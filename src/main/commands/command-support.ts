import type { Jurisdiction, Organization } from '../../access/jurisdictions/jurisdiction.js';
import {
  findJurisdiction,
  findOrganization,
  listJurisdictions,
  listOrganizations,
} from '../../access/jurisdictions/jurisdiction-repository.js';
import { loadConfig } from '../../platform/config.js';
import type { PgliteOpening } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { type AppContext, createAppContext } from '../app-context.js';
import { usageError } from './command-line.js';

/**
 * Opens the configured database for one command and closes it afterwards, whatever happens. The
 * embedded database is locked meanwhile (`opening.command` names the holder); only commands with
 * `create: true` may make a new one, and say where they made it.
 */
export async function withContext<T>(
  opening: PgliteOpening & { command: string },
  fn: (context: AppContext) => Promise<T>,
): Promise<T> {
  const context = await createAppContext(loadConfig(), {
    opening: { create: false, ...opening, command: `sos ${opening.command}` },
  });
  if (context.db.created) {
    console.error(
      `notice: there was no database in ${context.config.dataDir} (SOS_DATA_DIR): created a new one`,
    );
  }
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

/** Which database a command opened, for messages that say something is missing from it. */
export function databaseName(context: AppContext): string {
  return context.db.kind === 'pglite'
    ? `the database in ${context.config.dataDir} (SOS_DATA_DIR)`
    : 'the PostgreSQL database of DATABASE_URL';
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
        `No jurisdiction "${idOrShortName}" in ${databaseName(context)} (see: sos jurisdiction list)`,
      );
    return found;
  }
  const all = await listJurisdictions(context.db);
  if (all.length === 1) return all[0] as Jurisdiction;
  throw new SosError(
    'VALIDATION_FAILED',
    all.length === 0
      ? `There is no jurisdiction yet in ${databaseName(context)}: create one with sos jurisdiction create`
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
    throw usageError(`--${name} needs a whole number of at least ${min}, not "${value ?? ''}"`);
  }
  return n;
}
