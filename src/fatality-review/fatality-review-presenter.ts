import { z } from 'zod';
import { roles } from '../access/roles.js';
import { locationPrecisions } from '../geocoding/location-precision.js';
import { reportLinkKinds } from '../linkage/report-link.js';
import type { AnnualSummary } from './annual-summary.js';
import { recommendationStatuses, reviewStatuses } from './fatality-review.js';
import type { ReviewHeader } from './fatality-review-service.js';
import { missedOpportunityCategories, missedOpportunityCodes } from './missed-opportunity-categories.js';
import type { CaseOverdose, ReviewCase } from './review-case-service.js';
import type { ReviewFindings } from './review-findings-service.js';

const instant = z.string().describe('ISO 8601 instant');
const day = z.string().describe('A calendar day, YYYY-MM-DD');

/** A review as lists and headers show it: no case content. */
export const reviewHeaderSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(reviewStatuses),
    meeting_date: day.nullable(),
    opened_at: instant,
    chair: z.string().nullable().describe("The chair's name"),
    died_on: day.nullable().describe('The local day of the death: only to analysts who manage reviews'),
    members: z.array(
      z
        .object({
          user_id: z.uuid(),
          name: z.string().nullable(),
          role: z.enum(roles).nullable().describe('Null when the account is disabled'),
          enrolled_at: instant,
          signed_at: instant
            .nullable()
            .describe('When the confidentiality agreement was signed; null: not yet'),
          agreement_version: z.string().nullable(),
        })
        .strict(),
    ),
    you: z.object({ member: z.boolean(), signed: z.boolean(), manages: z.boolean() }).strict(),
  })
  .strict();

/** A review's header as it leaves the server. */
export function presentHeader(h: ReviewHeader): z.infer<typeof reviewHeaderSchema> {
  return {
    id: h.review.id,
    status: h.review.status,
    meeting_date: h.review.meetingDate,
    opened_at: h.review.openedAt.toISOString(),
    chair: h.chairName,
    died_on: h.diedOn,
    members: h.members.map((m) => ({
      user_id: m.userId,
      name: m.name,
      role: m.role,
      enrolled_at: m.enrolledAt.toISOString(),
      signed_at: m.signedAt?.toISOString() ?? null,
      agreement_version: m.agreementVersion,
    })),
    you: h.you,
  };
}

const overdoseSchema = z
  .object({
    id: z.uuid(),
    occurred_at: instant,
    occurred_date: day,
    time_known: z.boolean(),
    fatal: z.boolean().nullable(),
    naloxone_given: z.boolean().nullable(),
    naloxone_doses: z.number().nullable(),
    naloxone_response: z.string().nullable(),
    age: z.number().nullable(),
    age_band: z.string().nullable(),
    sex: z.string().nullable(),
    race: z.string().nullable(),
    ethnicity: z.string().nullable(),
    substances: z.array(z.string()),
    disposition: z.string().nullable(),
    location_precision: z.enum(locationPrecisions),
    areas: z.array(z.object({ layer_id: z.string(), area_id: z.string() }).strict()),
    sources: z.array(
      z
        .object({
          source_type: z.string(),
          organization: z.string().nullable(),
          received_at: instant,
          linked: z.enum(reportLinkKinds).describe('How the source joined the overdose'),
        })
        .strict(),
    ),
  })
  .strict();

function presentOverdose({ facts: o, sources }: CaseOverdose): z.infer<typeof overdoseSchema> {
  return {
    id: o.id,
    occurred_at: new Date(o.occurred_at).toISOString(),
    occurred_date: o.occurred_date,
    time_known: o.time_known,
    fatal: o.fatal,
    naloxone_given: o.naloxone_given,
    naloxone_doses: o.naloxone_doses,
    naloxone_response: o.naloxone_response,
    age: o.age,
    age_band: o.age_band,
    sex: o.sex,
    race: o.race,
    ethnicity: o.ethnicity,
    substances: o.substances,
    disposition: o.disposition,
    location_precision: o.location_precision as (typeof locationPrecisions)[number],
    areas: o.areas,
    sources: sources.map((s) => ({
      source_type: s.sourceType,
      organization: s.organizationName,
      received_at: s.receivedAt.toISOString(),
      linked: s.link.kind,
    })),
  };
}

const when = (d: Date | null) => d?.toISOString() ?? null;

/** A review's case as its signed members read it. */
export const reviewCaseSchema = z
  .object({
    review_id: z.uuid(),
    decedent: z
      .object({
        first_name: z.string().nullable(),
        last_name: z.string().nullable(),
        birth_date: z.string().nullable(),
      })
      .strict()
      .nullable()
      .describe("The decedent's name and birth date from the vault; null when the overdose names no one"),
    death: overdoseSchema,
    prior_overdoses: z.array(overdoseSchema),
    outreach_cases: z.array(
      z
        .object({
          program: z.string(),
          kind: z.string(),
          opened_at: instant,
          closed_at: instant.nullable(),
          close_reason: z.string().nullable(),
          contact_attempts: z.array(
            z.object({ at: instant, method: z.string(), outcome: z.string() }).strict(),
          ),
          visits: z.array(
            z
              .object({
                at: instant,
                location_type: z.string(),
                law_enforcement_present: z.boolean(),
                services_offered: z.array(z.string()),
                services_accepted: z.array(z.string()),
              })
              .strict(),
          ),
          consents: z.array(
            z
              .object({ at: instant, scope: z.string(), method: z.string(), revoked_at: instant.nullable() })
              .strict(),
          ),
          referrals: z.array(
            z
              .object({
                referred_at: instant,
                need: z.string(),
                service: z.string(),
                status: z.string(),
                accepted_at: instant.nullable(),
                first_attended_at: instant.nullable(),
                completed_at: instant.nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    timeline: z.array(
      z.object({ at: instant, kind: z.string(), system: z.string(), summary: z.string() }).strict(),
    ),
  })
  .strict();

/** A review's case as it leaves the server (no phone, email or address: only name and birth date). */
export function presentCase(c: ReviewCase): z.infer<typeof reviewCaseSchema> {
  return {
    review_id: c.review.id,
    decedent: c.decedent
      ? { first_name: c.decedent.firstName, last_name: c.decedent.lastName, birth_date: c.decedent.birthDate }
      : null,
    death: presentOverdose(c.death),
    prior_overdoses: c.priorOverdoses.map(presentOverdose),
    outreach_cases: c.outreach.map((o) => ({
      program: o.programName,
      kind: o.kind,
      opened_at: o.openedAt.toISOString(),
      closed_at: when(o.closedAt),
      close_reason: o.closeReason,
      contact_attempts: o.attempts.map((a) => ({
        at: a.at.toISOString(),
        method: a.method,
        outcome: a.outcome,
      })),
      visits: o.visits.map((v) => ({
        at: v.at.toISOString(),
        location_type: v.locationType,
        law_enforcement_present: v.lawEnforcementPresent,
        services_offered: v.servicesOffered,
        services_accepted: v.servicesAccepted,
      })),
      consents: o.consents.map((x) => ({
        at: x.at.toISOString(),
        scope: x.scope,
        method: x.method,
        revoked_at: when(x.revokedAt),
      })),
      referrals: o.referrals.map((r) => ({
        referred_at: r.referredAt.toISOString(),
        need: r.need,
        service: r.serviceName,
        status: r.status,
        accepted_at: when(r.acceptedAt),
        first_attended_at: when(r.firstAttendedAt),
        completed_at: when(r.completedAt),
      })),
    })),
    timeline: c.timeline.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      system: e.system,
      summary: e.summary,
    })),
  };
}

/** One recommendation as members read it, with its history. */
export const recommendationSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    responsible_organization: z.string(),
    status: z.enum(recommendationStatuses),
    due_date: day.nullable(),
    created_by: z.string().nullable(),
    created_at: instant,
    history: z.array(
      z
        .object({ status: z.enum(recommendationStatuses), moved_by: z.string().nullable(), at: instant })
        .strict(),
    ),
  })
  .strict();

/** A review's findings as members read them, with the categories of missed opportunities. */
export const findingsSchema = z
  .object({
    categories: z.array(z.object({ code: z.enum(missedOpportunityCodes), label: z.string() }).strict()),
    missed_opportunities: z.array(
      z
        .object({
          id: z.uuid(),
          category: z.string(),
          description: z.string(),
          recorded_by: z.string().nullable(),
          recorded_at: instant,
        })
        .strict(),
    ),
    recommendations: z.array(recommendationSchema),
  })
  .strict();

/** A recommendation as it leaves the server; `names` maps user ids to shown names. */
export function presentRecommendation(
  r:
    | ReviewFindings['recommendations'][number]
    | Omit<ReviewFindings['recommendations'][number], 'createdByName'>,
  names: ReadonlyMap<string, string>,
): z.infer<typeof recommendationSchema> {
  return {
    id: r.id,
    text: r.text,
    responsible_organization: r.responsibleOrganization,
    status: r.status,
    due_date: r.dueDate,
    created_by: names.get(r.createdBy) ?? null,
    created_at: r.createdAt.toISOString(),
    history: r.history.map((h) => ({
      status: h.status,
      moved_by: names.get(h.movedBy) ?? null,
      at: h.at.toISOString(),
    })),
  };
}

/** A review's findings as they leave the server. */
export function presentFindings(f: ReviewFindings): z.infer<typeof findingsSchema> {
  return {
    categories: missedOpportunityCategories.map((c) => ({ code: c.code, label: c.label })),
    missed_opportunities: f.missedOpportunities.map((m) => ({
      id: m.id,
      category: m.category,
      description: m.description,
      recorded_by: m.recordedByName,
      recorded_at: m.recordedAt.toISOString(),
    })),
    recommendations: f.recommendations.map((r) => presentRecommendation(r, f.names)),
  };
}

const figure = z.number().int().nullable().describe('A count, or null when hidden');

/** The annual summary as JSON: its protected tables, snake_case. */
export const annualSummarySchema = z
  .object({
    year: z.number().int(),
    k: z.number().int(),
    suppressed_figures: z.number().int(),
    row_labels: z
      .record(z.string(), z.string())
      .describe('Words for the row codes of the tables (the categories of missed opportunities)'),
    tables: z.array(
      z
        .object({
          name: z.string(),
          rows: z.array(z.string()),
          columns: z.array(z.string()),
          cells: z.array(z.array(figure)),
          row_totals: z.array(figure).nullable(),
          column_totals: z.array(figure).nullable(),
        })
        .strict(),
    ),
  })
  .strict();

/** The annual summary as it leaves the server. */
export function presentAnnualSummary(s: AnnualSummary): z.infer<typeof annualSummarySchema> {
  return {
    year: s.year,
    k: s.k,
    suppressed_figures: s.suppressedFigures,
    row_labels: Object.fromEntries(missedOpportunityCategories.map((c) => [c.code, c.label])),
    tables: s.tables.map((t) => ({
      name: t.name,
      rows: t.rows,
      columns: t.columns,
      cells: t.cells,
      row_totals: t.rowTotals ?? null,
      column_totals: t.columnTotals ?? null,
    })),
  };
}
