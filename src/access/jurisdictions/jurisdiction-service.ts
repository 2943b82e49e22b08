import { primaryOf, type Queryable } from '../../platform/database.js';
import type { Jurisdiction, Organization, PublicationSettings } from './jurisdiction.js';
import {
  findJurisdiction as findStoredJurisdiction,
  findOrganization as findStoredOrganization,
  insertJurisdiction,
  insertOrganization,
  listJurisdictions as listStoredJurisdictions,
  listOrganizations as listStoredOrganizations,
  readPublicationSettings,
} from './jurisdiction-repository.js';
import { readJurisdictionSettings } from './jurisdiction-settings-repository.js';

// What other modules ask of jurisdictions and organizations. They hold no actor: each caller is a
// service that has already checked its own reader's permission (or the composition root's setup).

/** A jurisdiction by its id or its short name, or null. */
export async function findJurisdiction(db: Queryable, idOrShortName: string): Promise<Jurisdiction | null> {
  return findStoredJurisdiction(db, idOrShortName);
}

/** An organization of a jurisdiction by its id, or null. */
export async function findOrganization(
  db: Queryable,
  jurisdictionId: string,
  organizationId: string,
): Promise<Organization | null> {
  return findStoredOrganization(db, jurisdictionId, organizationId);
}

/** Every jurisdiction, by name (the public index lists them). */
export async function listJurisdictions(db: Queryable): Promise<Jurisdiction[]> {
  return listStoredJurisdictions(db);
}

/** The organizations of a jurisdiction, by name. */
export async function listOrganizations(db: Queryable, jurisdictionId: string): Promise<Organization[]> {
  return listStoredOrganizations(db, jurisdictionId);
}

/**
 * How the jurisdiction protects what it publishes (public and partner k, smallest public area); the
 * defaults for a jurisdiction not found.
 */
export async function jurisdictionSettings(
  db: Queryable,
  jurisdictionId: string,
): Promise<PublicationSettings> {
  // Read where they are written, even by a caller holding the read replica: a k raised a moment ago
  // protects the next figures at once, whatever the replica's lag.
  const settings = await readPublicationSettings(primaryOf(db), jurisdictionId);
  return settings ?? { k: 10, partnerK: 1, minPopulation: 20_000 };
}

/**
 * The jurisdiction's privacy contact, whom the public page "How your data is used" names for
 * questions and for the community advisory board (null: none set).
 */
export async function publicPrivacyContact(db: Queryable, jurisdictionId: string): Promise<string | null> {
  return (await readJurisdictionSettings(db, jurisdictionId))?.privacyContactEmail ?? null;
}

/** Adds an organization to a jurisdiction, inside the caller's transaction (demo data). */
export async function addOrganization(tx: Queryable, organization: Organization): Promise<void> {
  await insertOrganization(tx, organization);
}

/** Adds a jurisdiction with its organizations, inside the caller's transaction (demo data). */
export async function addJurisdiction(
  tx: Queryable,
  jurisdiction: Jurisdiction,
  organizations: readonly Organization[],
): Promise<void> {
  await insertJurisdiction(tx, jurisdiction);
  for (const organization of organizations) await insertOrganization(tx, organization);
}
