import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { errorResponses } from '../platform/http/error-response.js';
import { fileResponse } from '../platform/http/file-response.js';
import type { AggregateCache } from './aggregates/aggregate-cache.js';
import { exportAggregatesCsv } from './aggregates/aggregate-export.js';
import { aggregateViewSchema, dataExtentSchema } from './aggregates/aggregate-presenter.js';
import { breakdowns, fatalClasses, periods } from './aggregates/aggregate-query.js';
import { readAggregates, readDataExtent } from './aggregates/aggregate-service.js';
import { overdosePointsSchema, readOverdosePoints } from './aggregates/point-service.js';
import { exportOverdosesCsv } from './aggregates/record-export.js';
import { hotSpotAnalysisSchema } from './hotspots/hotspot-presenter.js';
import { readHotSpots } from './hotspots/hotspot-service.js';
import { readLayerGeoJson, readLayers } from './layer-geometry-service.js';
import { layerAreasSchema, layerSchema } from './layer-presenter.js';
import type { LiveFeed } from './live/live-feed.js';
import { registerLiveRoutes } from './live/live-routes.js';
import { overdoseRecordSchema } from './overdose-record-presenter.js';
import { overdosePageSchema, readOverdosePage, readOverdoseRecord } from './overdose-service.js';
import {
  readReplicaLag,
  readSourceFreshness,
  replicaLagSchema,
  sourceFreshnessSchema,
} from './sources/source-freshness-service.js';
import { readUnplacedOverdosePage, unplacedOverdosePageSchema } from './unplaced-overdose-service.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'a lower-case code');
/** A list given as repeated parameters or separated by commas. */
const codeList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
  .pipe(z.array(code).max(20));

/** The filters every dashboard view applies. */
const filterSchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  layer: z.string().max(64).optional().describe('A layer id, or h3r7 for H3 resolution-7 cells'),
  area: z.string().max(64).optional().describe('Only this area of the layer'),
  sourceType: codeList.optional().describe("Primary source types (the overdose's first reporter)"),
  fatal: z.enum(fatalClasses).optional(),
  substance: code.optional(),
  caseDefinition: code.optional(),
});

/** An aggregate request: the filters, a period and one breakdown. */
const countsSchema = filterSchema.extend({
  period: z.enum(periods).default('week'),
  by: z.enum(breakdowns).default('none'),
});

const COUNTS_DESCRIPTION =
  'Days are local days of the jurisdiction; weeks are MMWR weeks (Sunday to Saturday) and each row is ' +
  'labelled with the first day of its period. Without from/to the last 365 days with data are counted. ' +
  'An overdose counts under its primary source type (the first to report it); substance and case ' +
  'definition breakdowns count it once per value, so their shares divide by `denominator` (the ' +
  'overdoses, each once), not by the sum of the rows.';

/** Answers with a CSV file that the browser saves under its name. */
function sendCsv(reply: FastifyReply, file: { fileName: string; csv: string }) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.csv);
}

/** The surveillance API: line-level overdoses (analysts), aggregates, layers, sources and live updates. */
export function registerSurveillanceRoutes(
  app: FastifyInstance,
  context: { db: Database; readDb: Database; clock: Clock; live: LiveFeed; aggregateCache: AggregateCache },
): void {
  const { live, aggregateCache } = context;
  // Figures, the map and source freshness tolerate a replica's lag; line-level records stay on the primary.
  const db = context.readDb;
  const figures = { ...context, db };
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/overdoses',
    {
      schema: {
        tags: ['surveillance'],
        summary: 'Line-level de-identified overdoses (analysts only), newest first',
        querystring: filterSchema.extend({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: overdosePageSchema, ...errorResponses },
      },
    },
    async (request) =>
      readOverdosePage(context, request.actor, { ...request.query, cursor: request.query.cursor ?? null }),
  );

  typed.get(
    '/api/v1/overdoses/unplaced',
    {
      schema: {
        tags: ['surveillance'],
        summary: 'Overdoses geocoding could not place (analysts only), newest first, paginated; audited',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: unplacedOverdosePageSchema, ...errorResponses },
      },
    },
    async (request) =>
      readUnplacedOverdosePage(context, request.actor, {
        limit: request.query.limit,
        cursor: request.query.cursor ?? null,
      }),
  );

  typed.get(
    '/api/v1/overdoses/points',
    {
      schema: {
        tags: ['surveillance'],
        summary:
          'Exact points of the overdoses the filters keep (analysts only), newest first, at most 20,000',
        querystring: filterSchema,
        response: { 200: overdosePointsSchema, ...errorResponses },
      },
    },
    async (request) => readOverdosePoints(figures, request.actor, request.query),
  );

  typed.get(
    '/api/v1/overdoses/:id',
    {
      schema: {
        tags: ['surveillance'],
        summary: 'One overdose with its sources and how each was linked (analysts only); audited',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: overdoseRecordSchema, ...errorResponses },
      },
    },
    async (request) => readOverdoseRecord(context, request.actor, request.params.id),
  );

  typed.get(
    '/api/v1/overdoses.csv',
    {
      schema: {
        tags: ['surveillance'],
        summary: 'De-identified overdoses the filters keep, as CSV (analysts only, at most 100,000); audited',
        querystring: filterSchema,
        response: {
          200: fileResponse('The overdoses, one a row, as an attachment', ['text/csv']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => sendCsv(reply, await exportOverdosesCsv(context, request.actor, request.query)),
  );

  typed.get(
    '/api/v1/aggregates/counts',
    {
      schema: {
        tags: ['aggregates'],
        summary:
          'Overdose counts by period and one breakdown, with the dashboard filters (partners and analysts)',
        description: COUNTS_DESCRIPTION,
        querystring: countsSchema,
        response: { 200: aggregateViewSchema, ...errorResponses },
      },
    },
    async (request) => readAggregates(db, request.actor, request.query, aggregateCache),
  );

  typed.get(
    '/api/v1/aggregates/counts.csv',
    {
      schema: {
        tags: ['aggregates'],
        summary: 'The same counts as CSV (with area names, populations and rates when by=area); audited',
        description: `${COUNTS_DESCRIPTION} The file holds the counts only: a share divides by the JSON answer's denominator.`,
        querystring: countsSchema,
        response: {
          200: fileResponse('The counts, one row per period and key, as an attachment', ['text/csv']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      sendCsv(reply, await exportAggregatesCsv(figures, request.actor, request.query)),
  );

  typed.get(
    '/api/v1/aggregates/hotspots',
    {
      schema: {
        tags: ['aggregates'],
        summary:
          'Hot spots: areas or H3 cells by count, rate and Getis-Ord Gi* z-score, Benjamini-Hochberg corrected',
        description:
          'Counts over the window (default: the last 365 days with data) with the dashboard filters. The study ' +
          'area is every area of the layer (for h3r7, every cell over the first imported layer), empty ones ' +
          'included; neighbours share a boundary point (cells: the six around). Gi* uses binary weights that ' +
          'include the area itself; p is two-sided; q is the Benjamini-Hochberg adjusted p; hot means z > 0 ' +
          'and q < alpha. neighbourhood_count is the sum Gi* weighs (the area and its neighbourhood_size - 1 ' +
          'neighbours); few_of_its_own flags a hot area with fewer than 3 overdoses of its own, hot because of ' +
          'its neighbours; rate_unreliable marks a rate from fewer than 20 overdoses. A cell is named by the ' +
          'area of the first layer that holds its center.',
        querystring: filterSchema.omit({ area: true }).extend({
          alpha: z.coerce.number().gt(0).max(0.5).default(0.05).describe('False discovery rate for "hot"'),
        }),
        response: { 200: hotSpotAnalysisSchema, ...errorResponses },
      },
    },
    async (request) => readHotSpots(db, request.actor, request.query, aggregateCache),
  );

  typed.get(
    '/api/v1/aggregates/extent',
    {
      schema: {
        tags: ['aggregates'],
        summary: 'The first and last day with overdoses, and their number',
        response: { 200: dataExtentSchema, ...errorResponses },
      },
    },
    async (request) => readDataExtent(db, request.actor),
  );

  typed.get(
    '/api/v1/layers',
    {
      schema: {
        tags: ['aggregates'],
        summary: 'The layers overdoses are counted by',
        response: { 200: z.array(layerSchema), ...errorResponses },
      },
    },
    async (request) => readLayers(db, request.actor),
  );

  typed.get(
    '/api/v1/layers/:layerId/areas',
    {
      schema: {
        tags: ['aggregates'],
        summary: "A layer's areas as GeoJSON, with names and populations",
        params: z.object({ layerId: z.string().max(64) }),
        response: { 200: layerAreasSchema, ...errorResponses },
      },
    },
    async (request) => readLayerGeoJson(db, request.actor, request.params.layerId),
  );

  typed.get(
    '/api/v1/sources',
    {
      schema: {
        tags: ['aggregates'],
        summary: 'When each organization last reported, so that gaps in reporting show',
        response: { 200: z.array(sourceFreshnessSchema), ...errorResponses },
      },
    },
    async (request) => readSourceFreshness(db, request.actor),
  );

  typed.get(
    '/api/v1/sources/replica-lag',
    {
      schema: {
        tags: ['aggregates'],
        summary: 'How far behind the read replica that dashboards read from is (null without one)',
        response: { 200: replicaLagSchema, ...errorResponses },
      },
    },
    async (request) => readReplicaLag(db, request.actor),
  );

  registerLiveRoutes(app, context, live);
}
