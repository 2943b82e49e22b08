import { z } from 'zod';
import type { LinkReason } from './linkage.js';
import { type LinkageReviewRow, linkageReviewStatuses } from './linkage-review.js';

/** A candidate link as it leaves the server (the response schema of the review routes). */
export const presentedLinkageReviewSchema = z.object({
  id: z.uuid(),
  report_id: z.uuid(),
  report_overdose_id: z.uuid().describe('The overdose the report made while unlinked'),
  candidate_overdose_id: z.uuid().describe('The existing overdose it may describe'),
  score: z
    .number()
    .describe(
      "The jurisdiction's linkage model's probability that both are one event; before it has a model, the lowest closeness of the compared facts (1 links without review)",
    ),
  reasons: z.array(
    z.object({
      criterion: z
        .string()
        .describe(
          'The compared fact: time, distance, sex or age under the closeness rule; under a model one of its fields (time, arrival, day, distance, zip, city, age, sex, source_type, person, fatal)',
        ),
      closeness: z.number().describe('0..1: how far the fact speaks for one event'),
      detail: z.string(),
      weight: z
        .number()
        .nullable()
        .describe("The fact's match weight, log2(m/u), under a model; null under the rule"),
    }),
  ),
  status: z.enum(linkageReviewStatuses),
  created_at: z.string(),
  decided_at: z.string().nullable(),
  decided_by: z.string().nullable().describe('The user who decided, when one did'),
});

/** A candidate link as it leaves the server. */
export type PresentedLinkageReview = z.infer<typeof presentedLinkageReviewSchema>;

/** Lists exactly the fields of a candidate link that leave: ids, score, reasons and the decision. */
export function presentLinkageReview(row: LinkageReviewRow): PresentedLinkageReview {
  return {
    id: row.id,
    report_id: row.reportId,
    report_overdose_id: row.reportOverdoseId,
    candidate_overdose_id: row.candidateOverdoseId,
    score: row.score,
    reasons: (row.reasons as LinkReason[]).map((r) => ({
      criterion: r.criterion,
      closeness: r.closeness,
      detail: r.detail,
      weight: r.weight ?? null,
    })),
    status: row.status,
    created_at: row.createdAt.toISOString(),
    decided_at: row.decidedAt?.toISOString() ?? null,
    decided_by: row.decidedByType === 'user' ? row.decidedBy : null,
  };
}
