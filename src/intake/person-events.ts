import { type ContactFlag, contactFlags } from '../persons/contact-flags.js';
import type { Queryable } from '../platform/database.js';
import { enqueueEvent } from '../platform/outbox/outbox-store.js';
import type { OverdoseRecord } from '../surveillance/overdose-record.js';

/**
 * The outbox topic of a committed batch whose accepted reports name a person: whoever follows up on
 * survivors (outreach) hears of them without intake knowing who does.
 */
export const PERSONS_REPORTED = 'persons.reported';

/** An overdose's area in one layer, as intake's locator assigned it. */
export interface ReportedArea {
  layer_id: string;
  area_id: string;
}

/**
 * One accepted report that names a person: its overdose (the final one, after linkage) and nothing
 * identifying beyond the vault's id and the keyed hash of the person.
 */
export interface PersonReport {
  overdose_id: string;
  report_id: string;
  organization_id: string;
  person_id: string;
  /** The stored match key in hex (same name and birth date, same key), or null when it cannot be matched. */
  match_key: string | null;
  occurred_at: string;
  fatal: boolean | null;
  areas: ReportedArea[];
  contact_flags: ContactFlag[];
}

/** The payload of a PERSONS_REPORTED event: the batch's reports that name a person, in batch order. */
export interface PersonsReported {
  jurisdiction_id: string;
  reports: PersonReport[];
}

/** What a report that named a person tells of it: its overdose's facts, the person as vault id and match key. */
export function personReportOf(
  report: {
    organizationId: string;
    reportId: string;
    person: { id: string; matchKeys: readonly Buffer[] };
    contactFlags: readonly ContactFlag[];
  },
  overdose: Pick<OverdoseRecord, 'id' | 'occurredAt' | 'fatal' | 'areas'>,
): PersonReport {
  const matchKey = report.person.matchKeys[0];
  return {
    overdose_id: overdose.id,
    report_id: report.reportId,
    organization_id: report.organizationId,
    person_id: report.person.id,
    // The key stored with the person (the current key's), as outreach cases keep it.
    match_key: matchKey ? matchKey.toString('hex') : null,
    occurred_at: overdose.occurredAt.toISOString(),
    fatal: overdose.fatal,
    areas: overdose.areas.map((a) => ({ layer_id: a.layerId, area_id: a.areaId })),
    contact_flags: [...report.contactFlags],
  };
}

/** Writes a PERSONS_REPORTED event in the batch's transaction, so it exists exactly when the reports do. */
export function recordPersonsReported(tx: Queryable, payload: PersonsReported): Promise<void> {
  return enqueueEvent(tx, PERSONS_REPORTED, payload);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isContactFlag = (v: unknown): v is ContactFlag => (contactFlags as readonly unknown[]).includes(v);

/** Reads one report of the payload, or throws naming what is wrong (a row written by hand). */
function readPersonReport(value: unknown, at: string): PersonReport {
  const r = (value ?? {}) as Record<string, unknown>;
  const fail = (field: string) => new Error(`Not a ${PERSONS_REPORTED} payload: ${at}.${field}`);
  for (const field of ['overdose_id', 'report_id', 'organization_id', 'person_id', 'occurred_at'] as const) {
    if (!isString(r[field])) throw fail(field);
  }
  if (r.match_key !== null && !isString(r.match_key)) throw fail('match_key');
  if (r.fatal !== null && typeof r.fatal !== 'boolean') throw fail('fatal');
  if (Number.isNaN(Date.parse(r.occurred_at as string))) throw fail('occurred_at');
  const areas = r.areas;
  if (!Array.isArray(areas) || !areas.every((a) => isString(a?.layer_id) && isString(a?.area_id))) {
    throw fail('areas');
  }
  const flags = r.contact_flags;
  if (!Array.isArray(flags) || !flags.every(isContactFlag)) throw fail('contact_flags');
  return {
    overdose_id: r.overdose_id as string,
    report_id: r.report_id as string,
    organization_id: r.organization_id as string,
    person_id: r.person_id as string,
    match_key: r.match_key as string | null,
    occurred_at: r.occurred_at as string,
    fatal: r.fatal as boolean | null,
    areas: areas.map((a: ReportedArea) => ({ layer_id: a.layer_id, area_id: a.area_id })),
    contact_flags: flags,
  };
}

/** Reads a PERSONS_REPORTED payload, or throws when it is not one. */
export function readPersonsReported(payload: unknown): PersonsReported {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (!isString(p.jurisdiction_id) || !Array.isArray(p.reports)) {
    throw new Error(`Not a ${PERSONS_REPORTED} payload`);
  }
  return {
    jurisdiction_id: p.jurisdiction_id,
    reports: p.reports.map((r, i) => readPersonReport(r, `reports[${i}]`)),
  };
}
