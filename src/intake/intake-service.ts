import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { type Actor, auditActor } from '../access/roles.js';
import { type AddressGeocoding, geocodeAddresses } from '../geocoding/address-geocoding.js';
import type { GazetteerPoint } from '../geocoding/gazetteer.js';
import { linkNewReports } from '../linkage/linkage-service.js';
import { settleRepeatOverdoses } from '../linkage/repeat-settlement.js';
import type { ContactFlag } from '../persons/contact-flags.js';
import { storeSealedPersons } from '../persons/person-vault.js';
import type { Clock } from '../platform/clock.js';
import { CopyBuffer } from '../platform/copy-buffer.js';
import type { Database } from '../platform/database.js';
import type { FieldProblem } from '../platform/errors.js';
import type { Keyring } from '../platform/keyring.js';
import type { AreaLocator } from '../surveillance/area-locator.js';
import type { DayRange } from '../surveillance/live/live-feed.js';
import { recordLiveChange } from '../surveillance/live/live-log.js';
import type { OverdoseRecord } from '../surveillance/overdose-record.js';
import {
  applyRollupDelta,
  insertOverdoseLines,
  recordSourceActivity,
} from '../surveillance/overdose-writer.js';
import { addToRollups } from '../surveillance/rollup-increments.js';
import { lockSourceRecords } from './intake-locks.js';
import {
  type PreparedIntake,
  type PreparedLines,
  type PreparedReport,
  prepareIntake,
} from './intake-preparation.js';
import { enqueueOverdosesChanged } from './overdose-events.js';
import { overdoseFromReports } from './overdose-facts.js';
import { rebuildOverdoses } from './overdose-rebuild.js';
import { type PersonReport, personReportOf, recordPersonsReported } from './person-events.js';
import { findLatestVersions, insertReportLines, reportLineTail } from './report-repository.js';
import type { ParsedReport } from './report-validation.js';
import { recordResponsesReported } from './response-events.js';
import type { SubmissionLanes } from './submission-lanes.js';

/** One record offered to intake: what was received, and the report fields read from it. */
export interface IntakeItem {
  /** The record exactly as received (a JSON item, or a CSV row keyed by its own header). */
  raw: Record<string, unknown>;
  /** The report fields (`generic` names) read from it; for JSON this is the item itself. */
  fields: Record<string, unknown>;
  /** Problems already found before validation (for example invalid UTF-8 in a CSV row). */
  problems?: FieldProblem[];
}

/** What became of one item: accepted (maybe as a correction), a duplicate, or rejected with reasons. */
export interface IntakeItemResult {
  index: number;
  sourceRecordId: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  reportId?: string;
  overdoseId?: string;
  version?: number;
  problems: FieldProblem[];
  /** What is unusable in the contact details of the person the report named (only when it named one). */
  contactFlags?: ContactFlag[];
  /** Extra fields of the record sealed with the person instead of kept in its raw payload. */
  sealedKeys?: string[];
  /** Extra fields dropped: neither read by the channel nor allowed by the organization's intake profile. */
  droppedKeys?: string[];
}

/** What intake needs from the rest of the system. */
export interface IntakeDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** The jurisdiction's area locator, cached between batches. */
  locatorFor(jurisdictionId: string): Promise<AreaLocator>;
  /**
   * Told after a commit which overdoses are new or changed (open dashboards update from it), and the
   * days whose counts changed (cached answers about other days stay).
   */
  announce?(jurisdictionId: string, overdoseIds: readonly string[], days: readonly DayRange[]): void;
  /** Told after a commit that wrote outbox events, so this process handles them at once. */
  outboxWritten?(): void;
  /** The external geocoder and its cache, when SOS_GEOCODER_URL is set; else the gazetteer alone places. */
  geocoding?: AddressGeocoding;
  /** Submitters' requests written together while one of theirs is in flight (a server has them; tests may not). */
  lanes?: SubmissionLanes;
}

/** How reports arrived, as stored with each: an API key's system, the field form, a CSV import, a NEMSIS XML document. */
export type IntakeChannel = 'api' | 'csv' | 'form' | 'nemsis';

/** A batch of records from one organization through one channel. */
export interface IntakeBatch {
  jurisdiction: Jurisdiction;
  organization: Organization;
  channel: IntakeChannel;
  /** The keys of a raw record this channel reads (a preset's columns); default the report fields and `person`. */
  knownKeys?: ReadonlySet<string>;
  items: IntakeItem[];
  /**
   * Settles when the previous batch of the same import has committed: this batch is validated at
   * once, but written only after it, so duplicates and corrections see every earlier row.
   */
  after?: Promise<unknown>;
  /** The external geocoder's answers for the batch's addresses, by `addressKey` (asked before preparing). */
  geocoded?: ReadonlyMap<string, GazetteerPoint | null>;
  /**
   * The item counts of the requests the batch holds, in order, when a lane wrote several together:
   * each is audited as its own. Default: the batch is one.
   */
  requestSizes?: readonly number[];
}

/**
 * Takes a batch of reports in one transaction: reports, overdoses, areas, rollups and one audit entry
 * are written together or not at all. Every item gets an answer; a bad item never blocks the others.
 */
export async function ingestReports(
  deps: IntakeDependencies,
  actor: Actor,
  batch: IntakeBatch,
): Promise<IntakeItemResult[]> {
  authorizeBatch(actor, batch);
  return writeIntake(deps, actor, await prepareIntake(deps, await geocodeBatch(deps, batch)));
}

/**
 * The batch with the external geocoder's answers for the addresses of its records that have no
 * coordinates (asked once per distinct address, from the cache when it can), before preparation,
 * which is synchronous per record. Without a geocoder, the batch as it is.
 */
export async function geocodeBatch(deps: IntakeDependencies, batch: IntakeBatch): Promise<IntakeBatch> {
  if (!deps.geocoding) return batch;
  const addresses = new Set<string>();
  for (const { fields } of batch.items) {
    const sentPoint = hasValue(fields.latitude) && hasValue(fields.longitude);
    if (!sentPoint && typeof fields.address === 'string' && fields.address.trim() !== '')
      addresses.add(fields.address);
  }
  if (addresses.size === 0) return batch;
  const { answers } = await geocodeAddresses(deps.geocoding, batch.jurisdiction.id, addresses);
  return { ...batch, geocoded: answers };
}

function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
}

/** Checks that the actor may send this batch (the permission of its channel, for its organization). */
export function authorizeBatch(
  actor: Actor,
  batch: Pick<IntakeBatch, 'channel' | 'jurisdiction' | 'organization'>,
): void {
  authorize(actor, batch.channel === 'csv' ? 'report.import' : 'report.submit', {
    type: 'report',
    jurisdictionId: batch.jurisdiction.id,
    organizationId: batch.organization.id,
  });
}

/**
 * Writes a prepared batch in one transaction, once the batch before it (`after`) has committed: each
 * report is matched with the stored versions of its record (new, duplicate or correction) and linked to
 * an overdose of another source where one fits; only new, unlinked reports keep the overdose prepared
 * for them, the others rebuild the overdose they belong to.
 */
export async function writeIntake(
  deps: IntakeDependencies,
  actor: Actor,
  prepared: PreparedIntake,
): Promise<IntakeItemResult[]> {
  const { batch, now, locator, results, accepted, delta } = prepared;
  authorizeBatch(actor, batch);
  await batch.after;
  const jurisdictionId = batch.jurisdiction.id;
  let repeatsChanged: string[] = [];
  let changed: string[] = [];
  let eventsWritten = false;
  await deps.db.transaction(async (tx) => {
    const recordIds = accepted.map((a) => a.report.sourceRecordId);
    await lockSourceRecords(tx, jurisdictionId, batch.organization.id, recordIds);
    const latest = await findLatestVersions(tx, jurisdictionId, batch.organization.id, recordIds);
    const fresh: { item: PreparedReport; overdoseId: string; version: number; known: boolean }[] = [];
    for (const item of accepted) {
      const known = latest.get(item.report.sourceRecordId);
      if (known && known.payloadHash === item.hash) {
        Object.assign(results[item.index] as IntakeItemResult, {
          status: 'duplicate',
          overdoseId: known.overdoseId,
          version: known.version,
        });
        addToRollups(delta, overdoseFromReports(item.overdoseId, [item.report], locator), -1);
        continue;
      }
      fresh.push({
        item,
        overdoseId: known?.overdoseId ?? item.overdoseId,
        version: (known?.version ?? 0) + 1,
        known: known !== undefined,
      });
    }
    const links = await linkNewReports(
      tx,
      jurisdictionId,
      batch.organization.id,
      now,
      fresh
        .filter((f) => !f.known)
        .map((f) => ({
          index: f.item.index,
          reportId: f.item.reportId,
          overdoseId: f.overdoseId,
          report: f.item.report,
          matchKeys: f.item.person?.matchKeys.map((k) => k.toString('hex')) ?? [],
        })),
    );
    // Overdoses whose facts change: corrected records, and existing overdoses a new source joins.
    const rebuild = new Set<string>();
    // The overdose each corrected or linked item updated, by the item's index (audited per request).
    const updatedItems = new Map<number, string>();
    const personRows = [];
    let unchanged = fresh.length === accepted.length;
    for (const f of fresh) {
      const linked = links.get(f.item.index);
      if (linked) f.overdoseId = linked;
      if (f.item.person) personRows.push(f.item.person);
      Object.assign(results[f.item.index] as IntakeItemResult, {
        reportId: f.item.reportId,
        overdoseId: f.overdoseId,
        version: f.version,
      });
      if (f.known || linked) {
        rebuild.add(f.overdoseId);
        updatedItems.set(f.item.index, f.overdoseId);
        addToRollups(delta, overdoseFromReports(f.item.overdoseId, [f.item.report], locator), -1);
        unchanged = false;
      }
    }
    // The prepared lines hold every accepted report as new; otherwise the rows kept are copied out.
    const lines = unchanged ? prepared.lines : keptLines(prepared.lines, fresh, rebuild);
    await storeSealedPersons(tx, jurisdictionId, personRows);
    await insertReportLines(tx, lines.reports.contents());
    await insertOverdoseLines(tx, { overdose: lines.overdoses.contents(), areas: lines.areas.contents() });
    const rebuilt =
      rebuild.size > 0
        ? await rebuildOverdoses(tx, jurisdictionId, [...rebuild], locator, delta, now)
        : new Map<string, OverdoseRecord>();
    repeatsChanged = await settleRepeatOverdoses(
      tx,
      jurisdictionId,
      { matchKeys: personRows.flatMap((p) => p.matchKeys), overdoseIds: [...rebuild] },
      delta,
    );
    changed = [...new Set([...acceptedOverdoses(results), ...repeatsChanged])];
    // Alert evaluation must not be lost: its event commits with the overdoses or not at all.
    if (changed.length > 0) await enqueueOverdosesChanged(tx, jurisdictionId, changed);
    // Survivors must not be missed either: their reports' event commits with them.
    const reported = personReports(batch.organization.id, fresh, rebuilt, locator);
    if (reported.length > 0) {
      await recordPersonsReported(tx, { jurisdiction_id: jurisdictionId, reports: reported });
    }
    // Responders' debrief prompts too: a unit's scene, or a scene whose facts changed, is looked at again.
    const responded = respondedOverdoses(fresh, rebuild);
    if (responded.length > 0) {
      await recordResponsesReported(tx, { jurisdiction_id: jurisdictionId, overdose_ids: responded });
    }
    await recordSourceActivity(
      tx,
      jurisdictionId,
      batch.organization.id,
      now,
      countStatuses(results).accepted,
      newestOccurrence(fresh.map((f) => f.item.report)),
    );
    // Last, the rows every intake transaction of the jurisdiction updates (the day's rollups, the audit
    // chain's head, the live log's position): each is held from here to the commit, and the
    // jurisdiction's transactions pass through this stretch one at a time, so it is kept short.
    await applyRollupDelta(tx, jurisdictionId, delta);
    await recordAuditEntries(
      tx,
      jurisdictionId,
      now,
      requestCounts(batch, results, updatedItems).map((counts) => ({
        ...auditActor(actor),
        action: 'reports.ingest',
        subjectType: 'organization',
        subjectId: batch.organization.id,
        purpose: 'surveillance',
        details: { channel: batch.channel, ...counts },
      })),
    );
    if (changed.length > 0) await recordLiveChange(tx, jurisdictionId, changed);
    eventsWritten = changed.length > 0 || reported.length > 0 || responded.length > 0;
  });
  // Told only after the commit, so open dashboards never see what could still roll back; the live
  // announcement first, so the outbox's claim does not hold the connection the dashboards wait on.
  const days = delta.changedDays();
  deps.announce?.(jurisdictionId, changed, days ? [days] : []);
  if (eventsWritten) deps.outboxWritten?.();
  return results;
}

/**
 * The written reports that name a person, each with its overdose as it ended up: rebuilt when the
 * report corrected or joined one, else the overdose prepared for it (made again: preparation keeps none).
 */
function personReports(
  organizationId: string,
  fresh: readonly { item: PreparedReport; overdoseId: string }[],
  rebuilt: ReadonlyMap<string, OverdoseRecord>,
  locator: AreaLocator,
): PersonReport[] {
  const reports: PersonReport[] = [];
  for (const { item, overdoseId } of fresh) {
    if (!item.person || !item.contactFlags) continue;
    const overdose = rebuilt.get(overdoseId) ?? overdoseFromReports(overdoseId, [item.report], locator);
    reports.push(
      personReportOf(
        { organizationId, reportId: item.reportId, person: item.person, contactFlags: item.contactFlags },
        overdose,
      ),
    );
  }
  return reports;
}

/**
 * The overdoses a responding unit attended in this batch, and those it rebuilt (a correction or another
 * source may make a unit's earlier scene fatal or pediatric), each once.
 */
function respondedOverdoses(
  fresh: readonly { item: PreparedReport; overdoseId: string }[],
  rebuilt: ReadonlySet<string>,
): string[] {
  const ids = new Set<string>();
  for (const { item, overdoseId } of fresh) if (item.report.respondingUnit !== null) ids.add(overdoseId);
  for (const id of rebuilt) ids.add(id);
  return [...ids];
}

/** The overdoses of the accepted reports. */
function acceptedOverdoses(results: readonly IntakeItemResult[]): string[] {
  return results.flatMap((r) => (r.status === 'accepted' && r.overdoseId ? [r.overdoseId] : []));
}

/** The latest occurred_at among a batch's accepted reports, or null when it accepted none. */
function newestOccurrence(reports: readonly ParsedReport[]): Date | null {
  let newest: Date | null = null;
  for (const r of reports) if (newest === null || r.occurredAt > newest) newest = r.occurredAt;
  return newest;
}

/**
 * The COPY text of the reports a batch writes (with the version and overdose each ended up with), and
 * of the overdoses of its new reports that joined no existing overdose.
 */
function keptLines(
  prepared: PreparedLines,
  fresh: readonly { item: PreparedReport; overdoseId: string; version: number }[],
  rebuild: ReadonlySet<string>,
): PreparedLines {
  const kept = { reports: new CopyBuffer(), overdoses: new CopyBuffer(), areas: new CopyBuffer() };
  for (const { item, overdoseId, version } of fresh) {
    const { at } = item;
    kept.reports.appendPart(prepared.reports, at.report, at.reportTail);
    kept.reports.append(reportLineTail(version, overdoseId));
    if (rebuild.has(overdoseId)) continue;
    kept.overdoses.appendPart(prepared.overdoses, at.overdose, at.overdoseEnd);
    kept.areas.appendPart(prepared.areas, at.areas, at.areasEnd);
  }
  return kept;
}

/**
 * What each request of the batch did, for its audit entry: its items by status, and how many existing
 * overdoses its items updated (corrections, and new sources joining one).
 */
function requestCounts(
  batch: IntakeBatch,
  results: readonly IntakeItemResult[],
  updatedItems: ReadonlyMap<number, string>,
): (ReturnType<typeof countStatuses> & { updatedOverdoses: number })[] {
  const sizes = batch.requestSizes ?? [results.length];
  let offset = 0;
  return sizes.map((size) => {
    const end = offset + size;
    const own = results.filter((r) => r.index >= offset && r.index < end);
    const updated = new Set<string>();
    for (const [index, overdoseId] of updatedItems)
      if (index >= offset && index < end) updated.add(overdoseId);
    offset = end;
    return { ...countStatuses(own), updatedOverdoses: updated.size };
  });
}

/** Counts the results by status. */
export function countStatuses(results: readonly IntakeItemResult[]): {
  accepted: number;
  duplicates: number;
  rejected: number;
} {
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  for (const r of results) {
    if (r.status === 'accepted') accepted++;
    else if (r.status === 'duplicate') duplicates++;
    else rejected++;
  }
  return { accepted, duplicates, rejected };
}
