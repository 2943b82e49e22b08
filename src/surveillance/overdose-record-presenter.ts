import { z } from 'zod';
import type { OverdoseSource } from '../linkage/overdose-source-service.js';
import { reportLinkKinds } from '../linkage/report-link.js';
import { lineLevelOverdoseSchema, type OverdoseRow, presentOverdose } from './overdose-presenter.js';

/** One source of an overdose on the record view: who reported it, when, and how it was linked. */
const overdoseSourceSchema = z.object({
  report_id: z.uuid().describe('The newest version of the source record (what a split names)'),
  source_type: z.string(),
  organization_id: z.uuid(),
  organization_name: z.string().nullable(),
  source_record_id: z.string().describe("The record's id at its source"),
  version: z.number().int().describe('How many versions the source sent (corrections)'),
  received_at: z.string().describe('When the first version arrived (ISO 8601)'),
  link: z.object({
    kind: z
      .enum(reportLinkKinds)
      .describe('first: it made the overdose; automatic: linked at intake; confirmed: a review; split'),
    score: z.number().nullable().describe('The linkage score of an automatic link'),
    review_id: z.uuid().nullable(),
    decided_by: z.string().nullable().describe('The name of the analyst who confirmed or split'),
    decided_at: z.string().nullable(),
  }),
});

/** An overdose on the analyst's record view: its line-level (T2) fields and its sources. */
export const overdoseRecordSchema = lineLevelOverdoseSchema.extend({
  sources: z.array(overdoseSourceSchema),
});

/** An overdose on the record view as it leaves the server. */
export type PresentedOverdoseRecord = z.infer<typeof overdoseRecordSchema>;

/** Lists exactly what leaves for the record view: the line-level fields and, per source, these fields only. */
export function presentOverdoseRecord(
  row: OverdoseRow,
  sources: readonly OverdoseSource[],
): PresentedOverdoseRecord {
  return {
    ...presentOverdose(row),
    sources: sources.map((s) => ({
      report_id: s.reportId,
      source_type: s.sourceType,
      organization_id: s.organizationId,
      organization_name: s.organizationName,
      source_record_id: s.sourceRecordId,
      version: s.version,
      received_at: s.receivedAt.toISOString(),
      link: {
        kind: s.link.kind,
        score: s.link.score,
        review_id: s.link.reviewId,
        decided_by: s.link.decidedByName,
        decided_at: s.link.decidedAt?.toISOString() ?? null,
      },
    })),
  };
}
