import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../access/roles.js';
import { SosError } from '../platform/errors.js';
import { errorResponses } from '../platform/http/error-response.js';
import { openingHoursSchema, presentedAccessPointSchema } from './access-point-presenter.js';
import {
  changeAccessPoint,
  createAccessPoint,
  readAccessPoints,
  reportStock,
} from './access-point-service.js';
import { readCoverage } from './coverage-service.js';
import { MAX_KITS } from './distribution-input.js';
import {
  importDistributionCsv,
  type NaloxoneDependencies,
  readKitSummary,
  readRecordingOrganizations,
  recordDistributionItems,
} from './distribution-service.js';
import { accessPointTypes, distributionSiteTypes } from './naloxone-vocabulary.js';

const tags = ['naloxone'];
const base = '/api/v1/naloxone';
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

/** One distribution as a sender gives it. */
const distributionSchema = z
  .object({
    source_id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe("The sender's own id: a resend with it replaces the record"),
    site_type: z.enum(distributionSiteTypes),
    area_id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe("An area of the jurisdiction's mapped layer (a town's name in Connecticut)"),
    date: day.optional().describe('The day the kits went out; or give week'),
    week: day
      .optional()
      .describe('Any day of the (Sunday to Saturday) week the kits went out in; or give date'),
    kits: z.number().int().min(1).max(MAX_KITS),
    doses_per_kit: z.number().int().min(1).max(10).nullable().optional(),
    access_point_id: z.uuid().nullable().optional(),
  })
  .strict();

const organizationField = z
  .uuid()
  .optional()
  .describe("The distributing organization; the sender's own when left out");

const problemSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
  severity: z.string(),
});
const recordingSchema = z.object({
  stored: z.number().int(),
  created: z.number().int(),
  replaced: z.number().int(),
  quarantined: z.array(
    z.object({
      row: z.number().int().describe('JSON: the item index from 0; CSV: the data row from 1'),
      line: z.number().int().optional().describe('CSV: the line the row starts on'),
      source_id: z.string().nullable(),
      problems: z.array(problemSchema),
    }),
  ),
});

const kitsSchema = z.object({
  layer: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  period: z.enum(['week', 'month']),
  rows: z.array(
    z.object({
      period: z.string().describe("The week's Sunday or the month's first day"),
      area_id: z.string(),
      area_name: z.string(),
      site_type: z.string(),
      kits: z.number().int(),
      doses: z.number().int().nullable(),
    }),
  ),
  total: z.number().int(),
});

const areaFigures = z.object({
  area_id: z.string(),
  area_name: z.string(),
  population: z.number().nullable(),
  overdoses: z.number().int(),
  kits: z.number().int(),
  access_points: z.number().int(),
  rate: z.number().nullable().describe('Overdoses per 100,000 residents'),
  kits_per_overdose: z.number().nullable(),
  access_points_per_overdose: z.number().nullable(),
  access_points_per_10k: z.number().nullable(),
  kits_per_10k: z.number().nullable(),
  high_rate: z.boolean(),
  low_kits: z.boolean(),
  low_access: z.boolean(),
  desert: z.boolean(),
  rank: z.number().int().nullable(),
  kits_short: z.number().int().describe('Kits more it would take to reach the kits-per-overdose threshold'),
});
const coverageSchema = z.object({
  layer: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  thresholds: z.object({
    kits_per_overdose: z.number().int(),
    overdoses_per_access_point: z.number().int(),
    min_overdoses: z.number().int(),
  }),
  jurisdiction_rate: z.number().nullable(),
  totals: z.object({ overdoses: z.number().int(), kits: z.number().int(), access_points: z.number().int() }),
  areas: z.array(areaFigures),
  deserts: z.array(areaFigures),
  map_svg: z.string().describe('The map as SVG: areas by rate, deserts outlined, access points, legend'),
});

const pointParams = z.object({ accessPointId: z.uuid() }).strict();

/** The organization a batch is recorded for: the one named, else the sender's own. */
function organizationFor(actor: Actor, named: string | undefined): string {
  if (named) return named;
  const own = actor.kind === 'user' || actor.kind === 'api_key' ? actor.organizationId : null;
  if (!own) {
    throw new SosError('VALIDATION_FAILED', 'Name the organization that distributed the kits', {
      field: 'organization_id',
    });
  }
  return own;
}

/** The naloxone API: kits distributed (JSON, CSV), coverage and deserts, access points and vending stock. */
export function registerNaloxoneRoutes(app: FastifyInstance, deps: NaloxoneDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    `${base}/distributions`,
    {
      schema: {
        tags,
        summary:
          'Record kits distributed by an organization (its own): each item checked alone, bad ones quarantined with their fields; idempotent on (organization, source_id)',
        body: z
          .object({
            organization_id: organizationField,
            distributions: z.array(distributionSchema).min(1).max(1000),
          })
          .strict(),
        response: { 200: recordingSchema, ...errorResponses },
      },
    },
    async (request) =>
      recordDistributionItems(deps, request.actor, {
        organizationId: organizationFor(request.actor, request.body.organization_id),
        channel: request.actor.kind === 'api_key' ? 'api' : 'form',
        items: request.body.distributions,
      }),
  );
  typed.get(
    `${base}/organizations`,
    {
      schema: {
        tags,
        summary: 'The organizations the reader may record kits for',
        response: {
          200: z.object({
            organizations: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => readRecordingOrganizations(deps, request.actor),
  );
  typed.post(
    `${base}/distributions/import`,
    {
      schema: {
        tags,
        summary:
          'Import a CSV file of distributions (source_id, site_type, area_id, date or week, kits, doses_per_kit): good rows kept, bad rows quarantined with row, line and field',
        body: z
          .object({
            organization_id: organizationField,
            file_name: z.string().trim().min(1).max(255),
            csv: z.string().min(1).max(10_000_000),
          })
          .strict(),
        response: { 200: recordingSchema, ...errorResponses },
      },
    },
    async (request) =>
      importDistributionCsv(deps, request.actor, {
        organizationId: organizationFor(request.actor, request.body.organization_id),
        fileName: request.body.file_name,
        text: request.body.csv,
      }),
  );
  typed.get(
    `${base}/kits`,
    {
      schema: {
        tags,
        summary: 'Kits distributed by area x week (or month) x site type over a range of days',
        querystring: z
          .object({ from: day, to: day, period: z.enum(['week', 'month']).default('week') })
          .strict(),
        response: { 200: kitsSchema, ...errorResponses },
      },
    },
    async (request) => readKitSummary(deps, request.actor, request.query),
  );
  typed.get(
    `${base}/coverage`,
    {
      schema: {
        tags,
        summary:
          'Naloxone coverage by area: overdose rate, kits and access points per overdose and per 10,000 residents, the deserts ranked, and the map',
        querystring: z
          .object({
            from: day.optional(),
            to: day.optional(),
            kits_per_overdose: z.coerce.number().int().min(1).max(1000).optional(),
            overdoses_per_access_point: z.coerce.number().int().min(1).max(10_000).optional(),
            min_overdoses: z.coerce.number().int().min(1).max(1000).optional(),
          })
          .strict(),
        response: { 200: coverageSchema, ...errorResponses },
      },
    },
    async (request) => readCoverage(deps, request.actor, request.query),
  );
  typed.get(
    `${base}/access-points`,
    {
      schema: {
        tags,
        summary: 'Access points (oldest first, paginated) with hours, open now and vending stock',
        querystring: z
          .object({
            cursor: z.string().min(1).max(200).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: {
          200: z.object({
            access_points: z.array(presentedAccessPointSchema),
            next_cursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => readAccessPoints(deps, request.actor, request.query),
  );
  typed.post(
    `${base}/access-points`,
    {
      schema: {
        tags,
        summary: 'Add an access point, placed into its area by its point; audited',
        body: z
          .object({
            name: z.string().trim().min(1).max(200),
            site_type: z.enum(accessPointTypes),
            address: z.string().trim().max(300).nullable(),
            latitude: z.number().min(-90).max(90),
            longitude: z.number().min(-180).max(180),
            hours: z.array(openingHoursSchema).max(14),
            low_stock_kits: z.number().int().min(0).max(1000).optional(),
            organization_id: z.uuid().nullable().optional().describe('The organization that runs it'),
          })
          .strict(),
        response: { 201: presentedAccessPointSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAccessPoint(deps, request.actor, request.body)),
  );
  typed.patch(
    `${base}/access-points/:accessPointId`,
    {
      schema: {
        tags,
        summary: "Change an access point's name, hours or low-stock level, or retire it; audited",
        params: pointParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200),
            hours: z.array(openingHoursSchema).max(14),
            active: z.boolean(),
            low_stock_kits: z.number().int().min(0).max(1000),
          })
          .partial()
          .strict(),
        response: { 200: presentedAccessPointSchema, ...errorResponses },
      },
    },
    async (request) => changeAccessPoint(deps, request.actor, request.params.accessPointId, request.body),
  );
  typed.post(
    `${base}/access-points/:accessPointId/stock`,
    {
      schema: {
        tags,
        summary:
          "A vending machine's stock report (by a manager, or the API key of the organization that runs it): kits left, and whether it was restocked; audited",
        params: pointParams,
        body: z
          .object({
            kits_left: z.number().int().min(0).max(10_000),
            restocked: z.boolean(),
            reported_at: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
        response: { 200: presentedAccessPointSchema, ...errorResponses },
      },
    },
    async (request) =>
      reportStock(deps, request.actor, request.params.accessPointId, {
        ...request.body,
        channel: request.actor.kind === 'api_key' ? 'api' : 'form',
      }),
  );
}
