import { randomUUID } from 'node:crypto';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { findJurisdiction, findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import { csvLine } from '../platform/csv/csv-escape.js';
import { readCsv } from '../platform/csv/read-csv.js';
import type { Database } from '../platform/database.js';
import { type FieldProblem, problem, SosError } from '../platform/errors.js';
import { type LocatorSource, loadPlacing } from './drug-check-placing.js';
import {
  findStoredResults,
  insertResults,
  lockOrganizationResults,
  replaceResult,
} from './drug-check-repository.js';
import type { DrugCheckResult } from './drug-check-result.js';
import { type DrugCheckInput, type JudgedDrugCheck, judgeDrugCheck } from './drug-check-validation.js';

/** What the drug-checking services need: the database, the clock and the areas' locators. */
export interface DrugCheckDependencies {
  db: Database;
  clock: Clock;
  locators: LocatorSource;
}

/** Who a batch of results is for: the organization (a user without one names it) and, for the host, the jurisdiction. */
export interface DrugCheckTarget {
  organizationId: string | null;
  /** Only the host's command line (the demo loader) names a jurisdiction; everyone else acts in their own. */
  jurisdictionId?: string | undefined;
}

/** What became of one result: stored new, the same as stored, a stored one changed, or quarantined. */
export type DrugCheckStatus = 'accepted' | 'duplicate' | 'updated' | 'rejected';

/** One result's answer, with its position in the request (0-based) or file (row, line). */
export interface DrugCheckAnswer {
  index: number;
  row?: number;
  line?: number;
  sourceId: string | null;
  status: DrugCheckStatus;
  id: string | null;
  problems: FieldProblem[];
}

/** A batch's answers and their counts by status. */
export interface DrugCheckBatchAnswer {
  counts: Record<DrugCheckStatus, number>;
  answers: DrugCheckAnswer[];
  /** A file's quarantined rows as they were read, under its header, to correct and send again. */
  quarantinedCsv?: string;
}

/** At most this many results a request. */
export const MAX_RESULTS = 500;
/** At most this many bytes of CSV an import. */
export const MAX_CSV_BYTES = 4 * 1024 * 1024;

/** The jurisdiction and organization a batch is stored for, each checked; the policy asked first. */
async function targetOf(
  deps: DrugCheckDependencies,
  actor: Actor,
  target: DrugCheckTarget,
): Promise<{ jurisdictionId: string; timeZone: string; organizationId: string }> {
  const jurisdictionId =
    actor.kind === 'user' || actor.kind === 'api_key'
      ? actor.jurisdictionId
      : actor.kind === 'system'
        ? target.jurisdictionId
        : undefined;
  if (!jurisdictionId) throw new SosError('FORBIDDEN', 'Results are sent by signed-in users or API keys');
  const own = actor.kind === 'user' || actor.kind === 'api_key' ? actor.organizationId : null;
  const organizationId = target.organizationId ?? own;
  if (!organizationId) {
    throw new SosError('VALIDATION_FAILED', 'Name the organization the results are from (organization_id)', {
      field: 'organization_id',
    });
  }
  authorize(actor, 'drug_check.submit', {
    type: 'drug_check_result',
    jurisdictionId,
    organizationId,
    tier: 'T0',
  });
  const [jurisdiction, organization] = [
    await findJurisdiction(deps.db, jurisdictionId),
    await findOrganization(deps.db, jurisdictionId, organizationId),
  ];
  if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION');
  if (!organization)
    throw new SosError('UNKNOWN_ORGANIZATION', `No organization ${organizationId} in this jurisdiction`);
  return { jurisdictionId, timeZone: jurisdiction.timeZone, organizationId };
}

/**
 * Stores the judged results of one request or file in one transaction with one audit entry: new
 * source ids are accepted, known ones are duplicates when unchanged and updated when changed, a
 * source id given twice in the batch is quarantined the second time. The audit entry counts; it
 * names no week, area or substance.
 */
async function storeJudged(
  deps: DrugCheckDependencies,
  actor: Actor,
  target: { jurisdictionId: string; organizationId: string },
  judged: readonly (JudgedDrugCheck & { index: number; row?: number; line?: number })[],
  subject: string,
): Promise<DrugCheckBatchAnswer> {
  const counts: Record<DrugCheckStatus, number> = { accepted: 0, duplicate: 0, updated: 0, rejected: 0 };
  const answers: DrugCheckAnswer[] = [];
  await deps.db.transaction(async (tx) => {
    await lockOrganizationResults(tx, target.jurisdictionId, target.organizationId);
    const sourceIds = judged.flatMap((j) => (j.result ? [j.result.sourceId] : []));
    const stored = new Map(
      (await findStoredResults(tx, target.jurisdictionId, target.organizationId, sourceIds)).map((s) => [
        s.sourceId,
        s,
      ]),
    );
    const seen = new Set<string>();
    const fresh: DrugCheckResult[] = [];
    for (const item of judged) {
      const position = {
        index: item.index,
        ...(item.row !== undefined ? { row: item.row, line: item.line } : {}),
      };
      const valid = item.result;
      if (valid && seen.has(valid.sourceId)) {
        const problems = [
          ...item.problems,
          problem('source_id', 'DUPLICATE_IN_BATCH', 'reject', `"${valid.sourceId}"`),
        ];
        answers.push({ ...position, sourceId: valid.sourceId, status: 'rejected', id: null, problems });
        counts.rejected++;
        continue;
      }
      if (!valid) {
        answers.push({ ...position, sourceId: null, status: 'rejected', id: null, problems: item.problems });
        counts.rejected++;
        continue;
      }
      seen.add(valid.sourceId);
      const before = stored.get(valid.sourceId);
      const result: DrugCheckResult = { ...target, ...valid, id: before?.id ?? randomUUID() };
      const status: DrugCheckStatus = !before
        ? 'accepted'
        : before.contentHash === valid.contentHash
          ? 'duplicate'
          : 'updated';
      if (status === 'accepted') fresh.push(result);
      if (status === 'updated') await replaceResult(tx, result);
      answers.push({ ...position, sourceId: valid.sourceId, status, id: result.id, problems: item.problems });
      counts[status]++;
    }
    await insertResults(tx, fresh);
    await recordAuditEntries(tx, target.jurisdictionId, deps.clock.now(), [
      {
        ...auditActor(actor),
        action: 'drug_check.submit',
        subjectType: 'organization',
        subjectId: target.organizationId,
        purpose: null,
        details: { via: subject, ...counts },
      },
    ]);
  });
  return { counts, answers };
}

/**
 * Stores a request's results (at most 500) for an organization: the permission first (drug_check.submit
 * for that organization: an API key and a bound user for their own only), then each result judged on
 * its own, so one bad result is answered with its problems and the good ones are kept.
 */
export async function submitDrugChecks(
  deps: DrugCheckDependencies,
  actor: Actor,
  target: DrugCheckTarget,
  inputs: readonly DrugCheckInput[],
): Promise<DrugCheckBatchAnswer> {
  authorize(actor, 'drug_check.submit');
  if (inputs.length > MAX_RESULTS) {
    throw new SosError(
      'BATCH_TOO_LARGE',
      `A request holds at most ${MAX_RESULTS} results; this one has ${inputs.length}`,
    );
  }
  const where = await targetOf(deps, actor, target);
  const placing = await loadPlacing(
    deps.db,
    deps.locators,
    { id: where.jurisdictionId, timeZone: where.timeZone },
    deps.clock.now(),
  );
  const judged = inputs.map((input, index) => ({ ...judgeDrugCheck(input, placing), index }));
  return storeJudged(deps, actor, where, judged, 'api');
}

/** The columns a drug-checking CSV file must have (area/layer or latitude/longitude per row). */
export const CSV_REQUIRED_COLUMNS = ['source_id', 'kind', 'method', 'collected_on', 'substances'];

/**
 * Imports a CSV file of results (a header row, then one result a row, the API's field names as
 * columns): a file that cannot be read at all is refused with what and where (FILE_EMPTY,
 * CSV_MISSING_COLUMNS...); otherwise every row is judged on its own, bad rows quarantined with
 * their file, row, line and field, good rows kept.
 */
export async function importDrugCheckCsv(
  deps: DrugCheckDependencies,
  actor: Actor,
  target: DrugCheckTarget,
  file: { fileName: string; text: string },
): Promise<DrugCheckBatchAnswer> {
  authorize(actor, 'drug_check.submit');
  const bytes = Buffer.from(file.text, 'utf8');
  if (bytes.length > MAX_CSV_BYTES) {
    throw new SosError(
      'BODY_TOO_LARGE',
      `${file.fileName}: a file of results holds at most ${MAX_CSV_BYTES} bytes`,
    );
  }
  const where = await targetOf(deps, actor, target);
  const placing = await loadPlacing(
    deps.db,
    deps.locators,
    { id: where.jurisdictionId, timeZone: where.timeZone },
    deps.clock.now(),
  );
  const judged: (JudgedDrugCheck & { index: number; row: number; line: number })[] = [];
  let header: string[] = [];
  const cells: string[][] = [];
  async function* chunks() {
    yield bytes;
  }
  for await (const item of readCsv(chunks(), {
    fileName: file.fileName,
    requiredColumns: CSV_REQUIRED_COLUMNS,
  })) {
    if (item.kind === 'header') {
      header = item.header;
      continue;
    }
    const position = { index: judged.length, row: item.rowNumber, line: item.line };
    if (item.kind === 'bad') {
      judged.push({ ...position, result: null, problems: item.problems });
      cells.push(item.values);
      continue;
    }
    cells.push(header.map((name) => item.fields[name] ?? ''));
    if (judged.length >= 50_000) {
      throw new SosError('BATCH_TOO_LARGE', `${file.fileName}: a file of results holds at most 50,000 rows`);
    }
    judged.push({ ...position, ...judgeDrugCheck(item.fields, placing) });
  }
  const batch = await storeJudged(deps, actor, where, judged, 'csv');
  const quarantined = batch.answers.filter((a) => a.status === 'rejected');
  const rows = quarantined.map((a) => csvLine(cells[a.index] ?? [])).join('');
  return { ...batch, quarantinedCsv: rows === '' ? '' : csvLine(header) + rows };
}
