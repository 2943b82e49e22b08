import { hash as digest } from 'node:crypto';
import { type PlacingContext, placeReport } from '../geocoding/place-report.js';
import { placingContextFor } from '../geocoding/placing-context.js';
import { type ContactFlag, contactFlagsOf } from '../persons/contact-flags.js';
import { type PersonInput, readPerson } from '../persons/person-input.js';
import { type SealedPerson, sealPerson } from '../persons/person-vault.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { CopyBuffer } from '../platform/copy-buffer.js';
import { type FieldProblem, problem } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { AreaLocator } from '../surveillance/area-locator.js';
import { overdoseLinePrefix, overdoseLines } from '../surveillance/overdose-writer.js';
import { addToRollups, emptyRollupDelta, type RollupDelta } from '../surveillance/rollup-increments.js';
import type { IntakeBatch, IntakeDependencies, IntakeItemResult } from './intake-service.js';
import { nulCharacterProblems } from './nul-characters.js';
import { compactParsedReport, overdoseFromReports } from './overdose-facts.js';
import { screenRawPayload } from './raw-payload.js';
import { reportKeys } from './report-fields.js';
import { reportBatchPrefix, reportLineHead, reportLineTail } from './report-repository.js';
import { type ParsedReport, validateReport } from './report-validation.js';

/** One accepted report of a batch, with what its transaction will write made ahead. */
export interface PreparedReport {
  index: number;
  report: ParsedReport;
  /** The payload hash that tells a duplicate (same) from a correction (different). */
  hash: string;
  reportId: string;
  /**
   * The sealed person, written only if the report is not a duplicate, with its match keys under every
   * configured key (the first is stored; all are looked up); none when it cannot be identified.
   */
  person: SealedPerson | null;
  /** What is unusable in the person's contact details (no phone, no address); null without a person. */
  contactFlags: ContactFlag[] | null;
  /**
   * The id of the overdose the report makes if it is new and joins no other overdose. The overdose
   * itself is not kept: rebuilt from the report when needed, it is the same, and batches waiting for
   * the database hold less for the garbage collector to copy.
   */
  overdoseId: string;
  /**
   * Where its lines are in the batch's COPY buffers: its report line (the tail, written for a new
   * report, starts at `reportTail`), its overdose line and its area lines.
   */
  at: {
    report: number;
    reportTail: number;
    reportEnd: number;
    overdose: number;
    overdoseEnd: number;
    areas: number;
    areasEnd: number;
  };
}

/** A batch's COPY text, written as if every accepted report were new and joined no other overdose. */
export interface PreparedLines {
  reports: CopyBuffer;
  overdoses: CopyBuffer;
  areas: CopyBuffer;
}

/** A batch validated and written out as far as it can be before its transaction. */
export interface PreparedIntake {
  batch: IntakeBatch;
  now: Date;
  locator: AreaLocator;
  /** One answer per item, completed by the transaction. */
  results: IntakeItemResult[];
  accepted: PreparedReport[];
  /** The rollup changes if every accepted report makes a new overdose. */
  delta: RollupDelta;
  lines: PreparedLines;
}

/** The person of a report with the identifying fields sent outside `person` sealed beside them. */
function withIdentifiers(
  person: PersonInput | null,
  identifying: Record<string, unknown>,
): PersonInput | null {
  if (Object.keys(identifying).length === 0) return person;
  return { ...(person ?? {}), other: identifying };
}

/**
 * The flag of a report whose point lies in no area of any of the jurisdiction's layers: kept and
 * counted (its H3 cells still place it), but likely a wrong coordinate or another jurisdiction's.
 * A jurisdiction without layers has nothing to be outside of.
 */
function outsideJurisdiction(
  report: ParsedReport,
  areasFound: number,
  locator: AreaLocator,
): FieldProblem | null {
  const layers = locator.layerIds;
  if (areasFound > 0 || layers.length === 0 || report.latitude === null || report.longitude === null)
    return null;
  return problem(
    'latitude',
    'OUTSIDE_JURISDICTION',
    'flag',
    `(${report.latitude}, ${report.longitude}) is in no area of the layer${layers.length > 1 ? 's' : ''} ${layers.join(', ')}`,
  );
}

/**
 * Gives a report without coordinates the point geocoding finds (kept in its latitude and longitude,
 * with how exactly it is known), and tells the sender of a place nobody knows and of a record that
 * stays unplaced (kept and counted all the same).
 */
function placeParsedReport(report: ParsedReport, placing: PlacingContext, problems: FieldProblem[]): void {
  const placement = placeReport(report, placing);
  report.latitude = placement.latitude;
  report.longitude = placement.longitude;
  report.locationPrecision = placement.precision;
  const sent = { zip: report.zip, city: report.city, county_fips: report.countyFips };
  for (const field of placement.unknown)
    problems.push(problem(field, 'PLACE_UNKNOWN', 'flag', `"${sent[field]}"`));
  if (placement.precision === 'none') problems.push(problem('latitude', 'LOCATION_UNPLACED', 'flag'));
}

// How many items are prepared between two turns of the event loop: a batch's preparation runs while
// the previous batch is in the database, whose replies must not wait long for the thread.
const ITEMS_PER_TURN = 25;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// The one-shot hash: half the cost of a Hash object per report.
function sha256(text: string): string {
  return digest('sha256', text, 'hex');
}

/**
 * Validates a batch and prepares every accepted report as if it were new: its ids, its sealed person,
 * its overdose with areas and rollup counts, and its COPY lines. Touches no database, so an import
 * prepares the next batch while the previous one is being written.
 */
export async function prepareIntake(deps: IntakeDependencies, batch: IntakeBatch): Promise<PreparedIntake> {
  const now = deps.clock.now();
  const locator = await deps.locatorFor(batch.jurisdiction.id);
  // Made when a report first needs placing: a batch whose records all have coordinates never loads
  // the gazetteer.
  let placing: PlacingContext | null = null;
  const placingContext = () => {
    placing ??= placingContextFor(locator, batch.geocoded);
    return placing;
  };
  const context = {
    timeZone: batch.jurisdiction.timeZone,
    now,
    defaultSourceType: batch.organization.type,
  };
  const reportPrefix = reportBatchPrefix({
    jurisdictionId: batch.jurisdiction.id,
    receivedAt: now,
    organizationId: batch.organization.id,
    channel: batch.channel,
  });
  const overdosePrefix = overdoseLinePrefix(batch.jurisdiction.id, now);
  const results: IntakeItemResult[] = [];
  const accepted: PreparedReport[] = [];
  const delta = emptyRollupDelta();
  // Sized for the usual row lengths, so a batch's buffers rarely grow.
  const rows = batch.items.length;
  const lines = {
    reports: new CopyBuffer(rows * 1200),
    overdoses: new CopyBuffer(rows * 400),
    areas: new CopyBuffer(rows * 100),
  };
  const seen = new Set<string>();
  const known = batch.knownKeys ?? reportKeys;
  const allowed = new Set(batch.organization.allowedRawKeys ?? []);
  for (let index = 0; index < batch.items.length; index++) {
    if (index > 0 && index % ITEMS_PER_TURN === 0) await nextTurn();
    const item = batch.items[index] as IntakeBatch['items'][number];
    const { report, problems } = validateReport(item.fields, context);
    const screened = screenRawPayload(item.raw, known, allowed);
    const personObject = readPerson(item.raw.person, problems);
    const person = withIdentifiers(personObject, screened.identifying);
    // Checked on the record as received, so a problem names the CSV column or the JSON field sent.
    const nul = nulCharacterProblems(item.raw);
    const earlier = nul.length ? [...(item.problems ?? []), ...nul] : item.problems;
    const allProblems = earlier?.length ? [...earlier, ...problems] : problems;
    const sourceRecordId =
      report?.sourceRecordId ??
      (typeof item.fields.source_record_id === 'string' ? item.fields.source_record_id.trim() || null : null);
    if (sourceRecordId !== null && seen.has(sourceRecordId)) {
      allProblems.push(problem('source_record_id', 'DUPLICATE_IN_BATCH', 'reject', `"${sourceRecordId}"`));
    }
    if (sourceRecordId !== null) seen.add(sourceRecordId);
    if (!report || allProblems.some((p) => p.severity === 'reject')) {
      results.push({ index, sourceRecordId, status: 'rejected', problems: allProblems });
      continue;
    }
    if (report.locationPrecision !== 'rooftop') placeParsedReport(report, placingContext(), allProblems);
    // The hash is taken over the record as received; what is stored has the person sealed away and
    // only the keys the channel reads or the intake profile allows.
    const received = canonicalJson(item.raw);
    const rawJson = personObject
      ? canonicalJson({ ...screened.kept, person: '[sealed]' })
      : screened.sealedKeys.length || screened.droppedKeys.length
        ? canonicalJson(screened.kept)
        : received;
    const sealedPerson = person ? sealPerson(deps.keyring, person) : null;
    // Computed while the details are in the clear: once sealed, nobody may open them to check.
    const contactFlags = person ? contactFlagsOf(person) : null;
    const hash = sha256(received);
    const reportId = newId();
    const overdose = overdoseFromReports(newId(), [report], locator);
    const outside = outsideJurisdiction(report, overdose.areas.length, locator);
    if (outside) allProblems.push(outside);
    addToRollups(delta, overdose, 1);
    const reportStart = lines.reports.length;
    lines.reports.append(
      reportLineHead(reportPrefix, {
        id: reportId,
        sourceRecordId: report.sourceRecordId,
        payloadHash: hash,
        sourceType: report.sourceType,
        rawJson,
        parsedJson: JSON.stringify(compactParsedReport(report)),
        flags: allProblems.length ? allProblems : null,
        personId: sealedPerson?.id ?? null,
      }),
    );
    const reportTail = lines.reports.length;
    lines.reports.append(reportLineTail(1, overdose.id));
    const overdoseStart = lines.overdoses.length;
    const areasStart = lines.areas.length;
    const written = overdoseLines(overdosePrefix, batch.jurisdiction.id, overdose);
    lines.overdoses.append(written.overdose);
    lines.areas.append(written.areas);
    accepted.push({
      index,
      report,
      hash,
      reportId,
      person: sealedPerson,
      contactFlags,
      overdoseId: overdose.id,
      at: {
        report: reportStart,
        reportTail,
        reportEnd: lines.reports.length,
        overdose: overdoseStart,
        overdoseEnd: lines.overdoses.length,
        areas: areasStart,
        areasEnd: lines.areas.length,
      },
    });
    results.push({
      index,
      sourceRecordId,
      status: 'accepted',
      problems: allProblems,
      ...(contactFlags ? { contactFlags } : {}),
      ...(screened.sealedKeys.length ? { sealedKeys: screened.sealedKeys } : {}),
      ...(screened.droppedKeys.length ? { droppedKeys: screened.droppedKeys } : {}),
    });
  }
  return { batch, now, locator, results, accepted, delta, lines };
}
