import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../access/roles.js';
import { jsonApiAdapter } from '../intake/adapters/json-api-adapter.js';
import { runIntake } from '../intake/intake-pipeline.js';
import type { IntakeDependencies } from '../intake/intake-service.js';
import { csvHeader, formatCsvRow } from './generator/csv-row.js';
import { generateRecords, planDataset, type SyntheticRecord } from './generator/dataset.js';
import { withSyntheticPersons } from './generator/synthetic-persons.js';
import { localDate } from './generator/timeline.js';

/**
 * The demo's recent overdoses in Connecticut: synthetic EMS, police, hospital and fire reports of the
 * last two weeks, made by the generator, a share of the non-fatal EMS calls in the outreach program's
 * towns carrying a made-up survivor. They reach SOS as a data partner's system sends them (JSON
 * reports with a `person`), so intake seals each person and the outbox opens the outreach cases.
 */

/** What the generator is asked for: about 29 reports a day statewide, the same every start but for the dates. */
export const SYNTHETIC_CALLS = { events: 400, days: 14, seed: 14, personShare: 0.9 } as const;

/** The organization the synthetic reports come from, named so that nobody takes them for real data. */
export const SYNTHETIC_ORGANIZATION = { name: 'Synthetic EMS feed (demo generator)', type: 'ems' } as const;

const columns = csvHeader.split(',');

/**
 * The synthetic records of the two weeks before the Connecticut day of `nowMs`, with their persons.
 * Deterministic: the same day gives the same records.
 */
export function syntheticCalls(nowMs: number, personTowns: readonly string[]): SyntheticRecord[] {
  const { events, days, seed, personShare } = SYNTHETIC_CALLS;
  const plan = planDataset({ events, days, seed, end: localDate(nowMs) });
  return [...withSyntheticPersons(generateRecords(plan), { seed, towns: personTowns, share: personShare })];
}

/**
 * A synthetic record as a JSON report: the generic file's columns (as `sos demo generate` writes them,
 * empty ones left out) and the person, if the record has one.
 */
export function reportOf(record: SyntheticRecord): Record<string, unknown> {
  const values = formatCsvRow(record).split(',');
  const report: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = values[i];
    if (value !== undefined && value !== '') report[column] = value;
  });
  if (record.person) report.person = record.person;
  return report;
}

/** What loading the synthetic reports did. */
export interface SyntheticCallsSummary {
  read: number;
  accepted: number;
  rejected: number;
  /** Accepted reports that carried a survivor's contact details (sealed into the vault). */
  withPerson: number;
}

/** Sends the synthetic reports through intake, one request's worth at a time, as the organization. */
export async function loadSyntheticCalls(
  intake: IntakeDependencies,
  target: { jurisdiction: Jurisdiction; organization: Organization },
  records: readonly SyntheticRecord[],
): Promise<SyntheticCallsSummary> {
  const summary: SyntheticCallsSummary = { read: records.length, accepted: 0, rejected: 0, withPerson: 0 };
  const perRequest = 500;
  for (let start = 0; start < records.length; start += perRequest) {
    const part = records.slice(start, start + perRequest);
    await runIntake(intake, cliActor, {
      ...target,
      adapter: jsonApiAdapter,
      source: part.map(reportOf),
      onWritten: (answers) => {
        for (const { result } of answers) {
          if (result.status === 'rejected') summary.rejected++;
          if (result.status !== 'accepted') continue;
          summary.accepted++;
          if (part[result.index]?.person) summary.withPerson++;
        }
      },
    });
  }
  return summary;
}
