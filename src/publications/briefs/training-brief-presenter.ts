import { z } from 'zod';
import { type Share, trainingAttributes } from './training-brief-figures.js';
import type { TrainingBrief } from './training-brief-service.js';

const figure = z.number().int().nullable().describe('A count, or null when hidden by the disclosure rules');
const shareSchema = z.object({
  count: figure,
  of: figure.describe('The denominator, or null when hidden'),
  percent: z
    .number()
    .int()
    .nullable()
    .describe('Rounded; null when either figure is hidden or the base is 0'),
});
const valueShare = z.object({ key: z.string(), share: shareSchema });

/** The training brief as the API answers it: suppressed figures only, no line, no point. */
export const trainingBriefSchema = z.object({
  jurisdiction: z.object({ id: z.string(), short_name: z.string(), name: z.string() }),
  scope: z.object({
    layer: z.string().nullable(),
    area: z.string().nullable(),
    area_name: z.string().nullable(),
  }),
  from: z.string().describe('First day of the first whole month'),
  to: z.string().describe('Last day of the last whole month'),
  k: z.number().int().describe('Counts from 1 to k-1 are hidden, with those that would reveal them'),
  total: figure,
  fatal: shareSchema,
  naloxone_given: shareSchema,
  substances: z.array(valueShare),
  attributes: z.object(
    Object.fromEntries(
      trainingAttributes.map((a) => [
        a,
        z.object({
          values: z.array(valueShare),
          of: figure,
          withheld_months: z
            .array(z.string())
            .describe('Months left out by the partner rule for person attributes'),
        }),
      ]),
    ) as Record<
      (typeof trainingAttributes)[number],
      z.ZodObject<{
        values: z.ZodArray<typeof valueShare>;
        of: typeof figure;
        withheld_months: z.ZodArray<z.ZodString>;
      }>
    >,
  ),
  myths: z.array(
    z.object({
      id: z.string(),
      claim: z.string(),
      answer: z.string(),
      missing: z.enum(['hidden', 'not_recorded']).nullable(),
    }),
  ),
  good_samaritan_laws: z.object({
    version: z.number().int(),
    states_known: z.boolean(),
    states_without_entry: z.array(z.string()),
    laws: z.array(
      z.object({
        state: z.string(),
        state_name: z.string(),
        citations: z.array(z.string()),
        protects: z.array(z.string()),
        limits: z.array(z.string()),
        last_reviewed: z.string(),
      }),
    ),
  }),
  referrals: z.array(
    z.object({
      kind: z.enum(['treatment', 'naloxone', 'harm_reduction']),
      services: z.array(
        z.object({
          name: z.string(),
          organization: z.string(),
          phone: z.string().nullable(),
          address: z.string().nullable(),
        }),
      ),
    }),
  ),
  crisis_line: z.object({ name: z.string(), phone: z.string(), text: z.string() }),
  made_on: z.string(),
});

/** One share with its percentage. */
function presentShare(share: Share) {
  const percent =
    share.count === null || share.of === null || share.of === 0
      ? null
      : Math.round((100 * share.count) / share.of);
  return { count: share.count, of: share.of, percent };
}

/** The brief's allowlisted fields in the API's words. */
export function presentTrainingBrief(brief: TrainingBrief): z.infer<typeof trainingBriefSchema> {
  const f = brief.figures;
  return {
    jurisdiction: {
      id: brief.jurisdiction.id,
      short_name: brief.jurisdiction.shortName,
      name: brief.jurisdiction.name,
    },
    scope: { layer: brief.scope.layer, area: brief.scope.area, area_name: brief.scope.areaName },
    from: brief.from,
    to: brief.to,
    k: f.k,
    total: f.total,
    fatal: presentShare(f.fatal),
    naloxone_given: presentShare(f.naloxoneGiven),
    substances: f.substances.map((s) => ({ key: s.key, share: presentShare(s.share) })),
    attributes: Object.fromEntries(
      trainingAttributes.map((a) => [
        a,
        {
          values: f.attributes[a].values.map((v) => ({ key: v.key, share: presentShare(v.share) })),
          of: f.attributes[a].of,
          withheld_months: f.attributes[a].withheldMonths,
        },
      ]),
    ) as z.infer<typeof trainingBriefSchema>['attributes'],
    myths: brief.myths.map((m) => ({ id: m.id, claim: m.claim, answer: m.answer, missing: m.missing })),
    good_samaritan_laws: {
      version: brief.lawsVersion,
      states_known: brief.statesKnown,
      states_without_entry: brief.statesWithoutLaw,
      laws: brief.laws.map((law) => ({
        state: law.state,
        state_name: law.stateName,
        citations: [...law.citations],
        protects: [...law.protects],
        limits: [...law.limits],
        last_reviewed: law.lastReviewed,
      })),
    },
    referrals: brief.referrals.map((g) => ({ kind: g.kind, services: g.services })),
    crisis_line: { ...brief.crisisLine },
    made_on: brief.madeOn,
  };
}
