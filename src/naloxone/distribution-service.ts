import { Readable } from 'node:stream';
import { decideAccess } from '../access/access-decision.js';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { findOrganization, listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import { readCsv } from '../platform/csv/read-csv.js';
import type { Database } from '../platform/database.js';
import { type FieldProblem, SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import {
  checkDistribution,
  DISTRIBUTION_COLUMNS,
  type DistributionInput,
  distributionFromRow,
  weekStartOf,
} from './distribution-input.js';
import { sumKits, upsertDistribution } from './distribution-repository.js';
import { coverageLayer, jurisdictionDay, jurisdictionOf } from './naloxone-scope.js';

/** What the naloxone services need. */
export interface NaloxoneDependencies {
  db: Database;
  clock: Clock;
}

/** How a batch of distributions went: stored (new or replaced) and quarantined with their problems. */
export interface RecordingResult {
  stored: number;
  created: number;
  replaced: number;
  /** Items (JSON: 0-based index; CSV: 1-based data row and line) left out, with every problem. */
  quarantined: { row: number; line?: number; source_id: string | null; problems: FieldProblem[] }[];
}

/**
 * Records kits distributed by an organization, as its own (the policy's own_organization: a
 * submitter, partner or API key for its organization, an analyst for any): each item is checked on
 * its own, good ones stored in one transaction with an audit entry, bad ones returned with their
 * problems. Idempotent on (organization, source id): a resend replaces the record.
 */
export async function recordDistributions(
  deps: NaloxoneDependencies,
  actor: Actor,
  batch: {
    organizationId: string;
    channel: 'api' | 'csv' | 'form';
    items: { row: number; line?: number; input: DistributionInput | null; problems: FieldProblem[] }[];
  },
): Promise<RecordingResult> {
  const jurisdictionId = jurisdictionOf(actor);
  authorize(actor, 'naloxone.record', {
    type: 'naloxone_distribution',
    jurisdictionId,
    organizationId: batch.organizationId,
  });
  if (!(await findOrganization(deps.db, jurisdictionId, batch.organizationId))) {
    throw new SosError('NOT_FOUND', 'No such organization in this jurisdiction', {
      field: 'organization_id',
    });
  }
  const layer = await coverageLayer(deps.db, jurisdictionId);
  const { today } = await jurisdictionDay(deps.db, jurisdictionId, deps.clock.now());
  const context = {
    areaIds: new Set(layer.areas.map((a) => a.id)),
    layerName: layer.name,
    today,
    seen: new Set<string>(),
  };
  const result: RecordingResult = { stored: 0, created: 0, replaced: 0, quarantined: [] };
  const good: DistributionInput[] = [];
  for (const item of batch.items) {
    const problems = item.input
      ? [...item.problems, ...checkDistribution(item.input, context)]
      : item.problems;
    if (item.input && problems.length === 0) good.push(item.input);
    else {
      result.quarantined.push({
        row: item.row,
        ...(item.line === undefined ? {} : { line: item.line }),
        source_id: item.input?.source_id || null,
        problems,
      });
    }
  }
  const receivedAt = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (const input of good) {
      const week = input.week ? weekStartOf(input.week) : null;
      const day = week ?? (input.date as string);
      const stored = await upsertDistribution(tx, jurisdictionId, {
        id: newId(),
        organizationId: batch.organizationId,
        sourceId: input.source_id,
        siteType: input.site_type,
        layerId: layer.id,
        areaId: input.area_id,
        distributedOn: day,
        datePrecision: week ? 'week' : 'day',
        weekStart: weekStartOf(day),
        kits: input.kits,
        dosesPerKit: input.doses_per_kit ?? null,
        accessPointId: input.access_point_id ?? null,
        channel: batch.channel,
        receivedAt,
      });
      result.stored++;
      if (stored.created) result.created++;
      else result.replaced++;
    }
    await recordAuditEntries(tx, jurisdictionId, receivedAt, [
      {
        ...auditActor(actor),
        action: 'naloxone_distribution.record',
        subjectType: 'organization',
        subjectId: batch.organizationId,
        purpose: 'operations',
        details: {
          channel: batch.channel,
          stored: result.stored,
          replaced: result.replaced,
          quarantined: result.quarantined.length,
        },
      },
    ]);
  });
  return result;
}

/** Records the items of a JSON batch (each already of the right shape: the route's schema checked it). */
export function recordDistributionItems(
  deps: NaloxoneDependencies,
  actor: Actor,
  request: { organizationId: string; channel: 'api' | 'form'; items: DistributionInput[] },
): Promise<RecordingResult> {
  return recordDistributions(deps, actor, {
    organizationId: request.organizationId,
    channel: request.channel,
    items: request.items.map((input, row) => ({ row, input, problems: [] })),
  });
}

/** Most rows one CSV upload may hold (a year of weekly records for every town of a state fits). */
export const MAX_CSV_ROWS = 20_000;

/**
 * Imports a CSV file of distributions: a file that cannot be read as one (no header, missing columns,
 * another delimiter) is refused whole, naming the file; a row that cannot be read or breaks a rule
 * is quarantined with its row, line and fields, and the good rows are kept.
 */
export async function importDistributionCsv(
  deps: NaloxoneDependencies,
  actor: Actor,
  request: { organizationId: string; fileName: string; text: string },
): Promise<RecordingResult> {
  const jurisdictionId = jurisdictionOf(actor);
  authorize(actor, 'naloxone.record', {
    type: 'naloxone_distribution',
    jurisdictionId,
    organizationId: request.organizationId,
  });
  const items: Parameters<typeof recordDistributions>[2]['items'] = [];
  const rows = readCsv(Readable.from([Buffer.from(request.text, 'utf8')]), {
    fileName: request.fileName,
    requiredColumns: [...DISTRIBUTION_COLUMNS],
    requiredOneOf: [['date', 'week']],
  });
  for await (const item of rows) {
    if (item.kind === 'header') continue;
    if (items.length >= MAX_CSV_ROWS) {
      throw new SosError(
        'VALIDATION_FAILED',
        `${request.fileName}: more than ${MAX_CSV_ROWS} rows; split the file`,
        {
          file: request.fileName,
        },
      );
    }
    if (item.kind === 'bad') {
      items.push({ row: item.rowNumber, line: item.line, input: null, problems: item.problems });
      continue;
    }
    const read = distributionFromRow(item.fields);
    items.push({ row: item.rowNumber, line: item.line, input: read.input, problems: read.problems });
  }
  return recordDistributions(deps, actor, { organizationId: request.organizationId, channel: 'csv', items });
}

/** Kits by area and period, as partners read them (T1: counts of kits, no person). */
export interface KitSummary {
  layer: { id: string; name: string };
  from: string;
  to: string;
  period: 'week' | 'month';
  rows: {
    period: string;
    area_id: string;
    area_name: string;
    site_type: string;
    kits: number;
    doses: number | null;
  }[];
  total: number;
}

/** Kits distributed by area x week (or month) x site type over a range of days, for `naloxone.read`. */
export async function readKitSummary(
  deps: NaloxoneDependencies,
  actor: Actor,
  range: { from: string; to: string; period: 'week' | 'month' },
): Promise<KitSummary> {
  authorize(actor, 'naloxone.read');
  const jurisdictionId = jurisdictionOf(actor);
  if (range.from > range.to)
    throw new SosError('VALIDATION_FAILED', 'from must not be after to', { field: 'from' });
  const layer = await coverageLayer(deps.db, jurisdictionId);
  const names = new Map(layer.areas.map((a) => [a.id, a.name]));
  const counts = await sumKits(deps.db, jurisdictionId, layer.id, range);
  return {
    layer: { id: layer.id, name: layer.name },
    ...range,
    rows: counts.map((c) => ({
      period: c.period,
      area_id: c.areaId,
      area_name: names.get(c.areaId) ?? c.areaId,
      site_type: c.siteType,
      kits: c.kits,
      doses: c.doses,
    })),
    total: counts.reduce((sum, c) => sum + c.kits, 0),
  };
}

/** The organizations the actor may record kits for (its own, or every one for an analyst or a partner of none). */
export async function readRecordingOrganizations(
  deps: NaloxoneDependencies,
  actor: Actor,
): Promise<{ organizations: { id: string; name: string; type: string }[] }> {
  authorize(actor, 'naloxone.record');
  const jurisdictionId = jurisdictionOf(actor);
  const all = await listOrganizations(deps.db, jurisdictionId);
  return {
    organizations: all
      .filter(
        (o) =>
          decideAccess(actor, 'naloxone.record', {
            type: 'naloxone_distribution',
            jurisdictionId,
            organizationId: o.id,
          }).effect === 'allow',
      )
      .map((o) => ({ id: o.id, name: o.name, type: o.type })),
  };
}
