import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { localDateOf } from '../../platform/time-zones.js';
import { recordAuditEntries } from '../audit/audit-log.js';
import { authorize, authorizeUser, type SignedInUser } from '../authorize.js';
import { findJurisdiction, listOrganizations } from '../jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../roles.js';
import { type DocumentUpload, readDocumentUpload } from './agreement-document.js';
import type { AgreementDataCategory } from './sharing-agreement.js';
import {
  type PresentedAgreement,
  type PublicAgreement,
  presentAgreement,
  presentPublicAgreement,
} from './sharing-agreement-presenter.js';
import {
  type AgreementWrite,
  findAgreementDocument,
  findStoredAgreement,
  insertAgreement,
  listAgreements,
  type StoredAgreement,
  updateAgreement,
} from './sharing-agreement-repository.js';

/** What the agreements service needs. */
export interface SharingAgreementDependencies {
  db: Database;
  clock: Clock;
}

/** An agreement as an administrator writes it (the API's body; all of it on create, any of it on edit). */
export interface AgreementInput {
  title: string;
  parties: string[];
  purpose: string;
  data_categories: AgreementDataCategory[];
  legal_basis: string;
  starts_on: string;
  ends_on?: string | null | undefined;
  public?: boolean | undefined;
  document?: DocumentUpload | undefined;
}

/** A document to download: its name, media type and bytes. */
export interface AgreementDocumentFile {
  name: string;
  type: string;
  sha256: string;
  bytes: Buffer;
}

const SIGNED_IN_ONLY = 'Sharing agreements are managed by signed-in administrators';
const notFound = (id: string) => new SosError('NOT_FOUND', `No sharing agreement ${id}`);

/** The agreements of the administrator's jurisdiction, by title. */
export async function listSharingAgreements(
  deps: SharingAgreementDependencies,
  actor: Actor,
): Promise<PresentedAgreement[]> {
  authorizeUser(actor, 'sharing_agreement.manage', SIGNED_IN_ONLY);
  const view = await viewOf(deps, actor.jurisdictionId);
  const agreements = await listAgreements(deps.db, actor.jurisdictionId);
  return agreements.map((a) => presentAgreement(a, view.names, view.today));
}

/** The organizations of the administrator's jurisdiction that may be parties to an agreement, by name. */
export async function listAgreementParties(
  deps: SharingAgreementDependencies,
  actor: Actor,
): Promise<{ id: string; name: string; type: string }[]> {
  authorizeUser(actor, 'sharing_agreement.manage', SIGNED_IN_ONLY);
  const organizations = await listOrganizations(deps.db, actor.jurisdictionId);
  return organizations
    .map((o) => ({ id: o.id, name: o.name, type: o.type }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** One agreement of the administrator's jurisdiction. */
export async function readSharingAgreement(
  deps: SharingAgreementDependencies,
  actor: Actor,
  id: string,
): Promise<PresentedAgreement> {
  authorizeUser(actor, 'sharing_agreement.manage', SIGNED_IN_ONLY);
  const stored = await findStoredAgreement(deps.db, actor.jurisdictionId, id);
  if (!stored) throw notFound(id);
  const view = await viewOf(deps, actor.jurisdictionId);
  return presentAgreement(stored, view.names, view.today);
}

/** Records a new agreement (its document fingerprinted), audited in the same transaction. */
export async function createSharingAgreement(
  deps: SharingAgreementDependencies,
  actor: Actor,
  input: AgreementInput,
): Promise<PresentedAgreement> {
  authorizeUser(actor, 'sharing_agreement.manage', SIGNED_IN_ONLY);
  const id = newId();
  return writeAgreement(deps, actor, id, 'sharing_agreement.create', async (tx, now) => {
    const write = await checkedWrite(tx, actor.jurisdictionId, input);
    await insertAgreement(tx, actor.jurisdictionId, id, write, actor.userId, now);
    return write;
  });
}

/**
 * Adds an agreement inside the caller's transaction with no actor checked, for the composition root's
 * setup (the demo), like `addJurisdiction`; checked as an administrator's and audited as the system's.
 */
export async function addSharingAgreement(
  tx: Queryable,
  jurisdictionId: string,
  input: AgreementInput,
  now: Date,
): Promise<string> {
  const id = newId();
  const write = await checkedWrite(tx, jurisdictionId, input);
  await insertAgreement(tx, jurisdictionId, id, write, null, now);
  await recordAuditEntries(tx, jurisdictionId, now, [
    {
      ...auditActor({ kind: 'system', label: 'setup' }),
      action: 'sharing_agreement.create',
      subjectType: 'sharing_agreement',
      subjectId: id,
      purpose: 'operations',
      details: { title: write.title, parties: write.partyOrganizationIds, public: write.public },
    },
  ]);
  return id;
}

/** Changes an agreement: the fields given replace the stored ones (a new document replaces the old). */
export async function editSharingAgreement(
  deps: SharingAgreementDependencies,
  actor: Actor,
  id: string,
  changes: Partial<AgreementInput>,
): Promise<PresentedAgreement> {
  authorizeUser(actor, 'sharing_agreement.manage', SIGNED_IN_ONLY);
  return writeAgreement(deps, actor, id, 'sharing_agreement.update', async (tx, now) => {
    const stored = await findStoredAgreement(tx, actor.jurisdictionId, id);
    if (!stored) throw notFound(id);
    const write = await checkedWrite(tx, actor.jurisdictionId, { ...inputOf(stored), ...changes });
    await updateAgreement(tx, actor.jurisdictionId, id, write, now);
    return write;
  });
}

/** An agreement's signed document, for an administrator; the download is audited. */
export async function downloadSharingAgreementDocument(
  deps: SharingAgreementDependencies,
  actor: Actor,
  id: string,
): Promise<AgreementDocumentFile> {
  authorizeUser(actor, 'sharing_agreement.manage', SIGNED_IN_ONLY);
  const j = actor.jurisdictionId;
  return deps.db.transaction(async (tx) => {
    const document = await findAgreementDocument(tx, j, id);
    if (!document) throw new SosError('NOT_FOUND', `Sharing agreement ${id} has no document`);
    await recordAuditEntries(tx, j, deps.clock.now(), [
      {
        ...auditActor(actor),
        action: 'sharing_agreement.document_read',
        subjectType: 'sharing_agreement',
        subjectId: id,
        purpose: 'operations',
        details: { sha256: document.sha256 },
      },
    ]);
    return fileOf(document);
  });
}

/**
 * The public agreements of a jurisdiction (id or short name), for anyone: parties by name, purpose,
 * categories, legal basis, term and the document's link. NOT_FOUND for an unknown jurisdiction.
 */
export async function listPublicSharingAgreements(
  deps: SharingAgreementDependencies,
  actor: Actor,
  jurisdiction: string,
): Promise<{ jurisdiction: { short_name: string; name: string }; agreements: PublicAgreement[] }> {
  const found = await findJurisdiction(deps.db, jurisdiction);
  if (!found) throw new SosError('NOT_FOUND', `No jurisdiction ${jurisdiction}`);
  authorize(actor, 'sharing_agreement.read_public', {
    type: 'sharing_agreement',
    jurisdictionId: found.id,
    tier: 'T0',
  });
  const view = await viewOf(deps, found.id);
  const agreements = await listAgreements(deps.db, found.id, true);
  return {
    jurisdiction: { short_name: found.shortName, name: found.name },
    agreements: agreements.map((a) => presentPublicAgreement(a, view.names, view.today, found.shortName)),
  };
}

/** The signed document of a public agreement, for anyone; NOT_FOUND for one that is not public. */
export async function downloadPublicAgreementDocument(
  deps: SharingAgreementDependencies,
  actor: Actor,
  jurisdiction: string,
  id: string,
): Promise<AgreementDocumentFile> {
  const found = await findJurisdiction(deps.db, jurisdiction);
  if (!found) throw new SosError('NOT_FOUND', `No jurisdiction ${jurisdiction}`);
  authorize(actor, 'sharing_agreement.read_public', {
    type: 'sharing_agreement',
    id,
    jurisdictionId: found.id,
    tier: 'T0',
  });
  const stored = await findStoredAgreement(deps.db, found.id, id);
  const document = stored?.public ? await findAgreementDocument(deps.db, found.id, id) : null;
  if (!document) throw new SosError('NOT_FOUND', `No public document for agreement ${id}`);
  return fileOf(document);
}

/** One write of an agreement and its audit entry in one transaction; answers the stored agreement. */
async function writeAgreement(
  deps: SharingAgreementDependencies,
  actor: SignedInUser,
  id: string,
  action: string,
  write: (tx: Queryable, now: Date) => Promise<AgreementWrite>,
): Promise<PresentedAgreement> {
  const j = actor.jurisdictionId;
  const now = deps.clock.now();
  const stored = await deps.db.transaction(async (tx) => {
    const written = await write(tx, now);
    await recordAuditEntries(tx, j, now, [
      {
        ...auditActor(actor),
        action,
        subjectType: 'sharing_agreement',
        subjectId: id,
        purpose: 'operations',
        details: {
          title: written.title,
          parties: written.partyOrganizationIds,
          data_categories: written.dataCategories,
          starts_on: written.startsOn,
          ends_on: written.endsOn,
          public: written.public,
          ...(written.document ? { document_sha256: written.document.sha256 } : {}),
        },
      },
    ]);
    return (await findStoredAgreement(tx, j, id)) as StoredAgreement;
  });
  const view = await viewOf(deps, j);
  return presentAgreement(stored, view.names, view.today);
}

/**
 * An agreement checked before it is stored: parties are organizations of the jurisdiction (VALIDATION_FAILED
 * field parties), the term ends no earlier than it starts (field ends_on), the document decoded.
 */
async function checkedWrite(
  tx: Queryable,
  jurisdictionId: string,
  input: AgreementInput,
): Promise<AgreementWrite> {
  const organizations = new Set((await listOrganizations(tx, jurisdictionId)).map((o) => o.id));
  const parties = [...new Set(input.parties)];
  const stranger = parties.find((id) => !organizations.has(id));
  if (stranger) {
    throw new SosError('VALIDATION_FAILED', `Organization ${stranger} is not one of this jurisdiction's`, {
      field: 'parties',
    });
  }
  const endsOn = input.ends_on ?? null;
  if (endsOn !== null && endsOn < input.starts_on) {
    throw new SosError('VALIDATION_FAILED', `ends_on (${endsOn}) is before starts_on (${input.starts_on})`, {
      field: 'ends_on',
    });
  }
  const document = input.document ? readDocumentUpload(input.document) : undefined;
  return {
    title: input.title.trim(),
    partyOrganizationIds: parties,
    purpose: input.purpose.trim(),
    dataCategories: [...new Set(input.data_categories)],
    legalBasis: input.legal_basis.trim(),
    startsOn: input.starts_on,
    endsOn,
    public: input.public ?? false,
    ...(document ? { document } : {}),
  };
}

/** A stored agreement as an input, so that an edit changes only the fields it names. */
function inputOf(a: StoredAgreement): AgreementInput {
  return {
    title: a.title,
    parties: a.partyOrganizationIds,
    purpose: a.purpose,
    data_categories: a.dataCategories,
    legal_basis: a.legalBasis,
    starts_on: a.startsOn,
    ends_on: a.endsOn,
    public: a.public,
  };
}

/** The organization names and today's date of a jurisdiction, which presenting agreements needs. */
async function viewOf(
  deps: SharingAgreementDependencies,
  jurisdictionId: string,
): Promise<{ names: Map<string, string>; today: string }> {
  const names = new Map((await listOrganizations(deps.db, jurisdictionId)).map((o) => [o.id, o.name]));
  const timeZone = (await findJurisdiction(deps.db, jurisdictionId))?.timeZone ?? 'UTC';
  return { names, today: localDateOf(deps.clock.now(), timeZone) };
}

function fileOf(d: { name: string; type: string; base64: string; sha256: string }): AgreementDocumentFile {
  return { name: d.name, type: d.type, sha256: d.sha256, bytes: Buffer.from(d.base64, 'base64') };
}
