import { z } from 'zod';
import { type ProblemCode, problemCatalog } from '../platform/errors.js';
import type { NemsisImportSummary } from './nemsis-import-service.js';

const problemCodes = Object.keys(problemCatalog) as [ProblemCode, ...ProblemCode[]];

/** The answer about a NEMSIS document: the counts, then each record with problems (exactly these fields leave). */
export const nemsisSummarySchema = z.object({
  read: z.number().int().describe('PatientCareReports read'),
  accepted: z.number().int(),
  duplicates: z.number().int().describe('Records identical to what is stored (a re-import)'),
  rejected: z.number().int(),
  definitions: z
    .record(z.string(), z.number().int())
    .describe('Accepted records per NEMSIS definition met (nemsis_opioid, nemsis_naloxone)'),
  records: z
    .array(
      z.object({
        record: z.number().int().describe("The PatientCareReport's position in the document, from 1"),
        line: z.number().int().describe('The line of its start tag'),
        source_record_id: z.string().nullable().describe('Its eRecord.01'),
        status: z.enum(['accepted', 'rejected']),
        problems: z.array(
          z.object({
            field: z.string().describe('The NEMSIS element, e.g. eSituation.10'),
            code: z.enum(problemCodes),
            severity: z.enum(['reject', 'flag']),
            message: z.string().describe('Names the PatientCareReport (eRecord.01) and the rule'),
          }),
        ),
      }),
    )
    .describe('The records with problems, in document order (at most 1,000)'),
  unlisted_records: z.number().int().describe('Records with problems beyond those listed'),
});

/** A NEMSIS summary as it leaves the server (the quarantine file's path stays on the server). */
export function presentNemsisSummary(summary: NemsisImportSummary): z.infer<typeof nemsisSummarySchema> {
  return {
    read: summary.read,
    accepted: summary.accepted,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    definitions: summary.definitions,
    records: summary.records.map((r) => ({
      record: r.record,
      line: r.line,
      source_record_id: r.sourceRecordId,
      status: r.status,
      problems: r.problems.map((p) => ({
        field: p.field,
        code: p.code,
        severity: p.severity,
        message: p.message,
      })),
    })),
    unlisted_records: summary.unlistedRecords,
  };
}
