import { z } from 'zod';
import { contactFlags } from '../persons/contact-flags.js';
import { type ProblemCode, problemCatalog } from '../platform/errors.js';
import type { IntakeItemResult } from './intake-service.js';

const problemCodes = Object.keys(problemCatalog) as [ProblemCode, ...ProblemCode[]];

/** The answer about one submitted report: exactly these fields leave the server. */
export const intakeResultSchema = z.object({
  index: z.number().int().describe('The position of the report in the request, from 0'),
  source_record_id: z.string().nullable(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  report_id: z.string().optional(),
  overdose_id: z.string().optional(),
  version: z.number().int().optional().describe('Above 1 when the report corrects an earlier version'),
  contact_flags: z
    .array(z.enum(contactFlags))
    .optional()
    .describe('What is unusable in the contact details of the person sent (only when one was sent)'),
  sealed_keys: z.array(z.string()).optional().describe('Extra fields sealed with the person'),
  dropped_keys: z
    .array(z.string())
    .optional()
    .describe("Extra fields the organization's profile does not keep"),
  problems: z.array(
    z.object({
      field: z.string(),
      code: z.enum(problemCodes),
      severity: z.enum(['reject', 'flag']),
      message: z.string(),
    }),
  ),
});

/** One report's answer as it leaves the server. */
export type IntakeResultOutput = z.infer<typeof intakeResultSchema>;

/** The answer to a batch: the counts, then each report's answer in the order sent. */
export const intakeBatchSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  results: z.array(intakeResultSchema),
});

/** The fields of one report's answer that leave. */
export function presentIntakeResult(r: IntakeItemResult): IntakeResultOutput {
  return {
    index: r.index,
    source_record_id: r.sourceRecordId,
    status: r.status,
    ...(r.reportId ? { report_id: r.reportId } : {}),
    ...(r.overdoseId ? { overdose_id: r.overdoseId } : {}),
    ...(r.version ? { version: r.version } : {}),
    ...(r.contactFlags ? { contact_flags: r.contactFlags } : {}),
    ...(r.sealedKeys ? { sealed_keys: r.sealedKeys } : {}),
    ...(r.droppedKeys ? { dropped_keys: r.droppedKeys } : {}),
    problems: r.problems.map((p) => ({
      field: p.field,
      code: p.code,
      severity: p.severity,
      message: p.message,
    })),
  };
}
