import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorizeUser } from '../access/authorize.js';
import { errorAnswers } from '../platform/http/error-response.js';
import {
  type DrugCheckDependencies,
  importDrugCheckCsv,
  MAX_CSV_BYTES,
  MAX_RESULTS,
  submitDrugChecks,
} from './drug-check-intake-service.js';
import {
  choicesAnswerSchema,
  importAnswerSchema,
  presentChoices,
  presentImport,
  presentSignal,
  presentSubmission,
  presentWeekly,
  signalSchema,
  submissionAnswerSchema,
  weeklyAnswerSchema,
} from './drug-check-presenter.js';
import {
  dayRange,
  drugCheckChoices,
  readSignals,
  weeklyDrugCheckCounts,
} from './drug-check-summary-service.js';

const tags = ['drug-checking'];
const text = z.string().max(200);

/** One result as sent; its values are judged one by one so that a bad result never stops the others. */
const resultItem = z
  .object({
    source_id: text.describe("The sender's id of the result: sending it again updates it, or is a duplicate"),
    kind: text.describe('drug_check or seizure'),
    method: text.describe('test_strip, ftir, mass_spectrometry or other; a seizure: lab_confirmed'),
    sold_as: text.optional().describe('What the sample was sold as'),
    substances: z
      .union([z.array(text).max(30), z.string().max(2000)])
      .describe('The substances found: names, synonyms and common misspellings are understood'),
    collected_on: text.describe("A day or an instant: kept only as its week's Sunday"),
    layer: text.optional().describe('The layer of `area` (may be left out when the jurisdiction has one)'),
    area: text.optional().describe('An area id or name; or give latitude and longitude'),
    latitude: z.number().optional().describe('Placed in its areas, then dropped'),
    longitude: z.number().optional(),
  })
  .strict();

const submitBody = z
  .object({
    organization_id: z
      .uuid()
      .optional()
      .describe('The organization the results are from (default: your own)'),
    results: z.array(resultItem).min(1).max(MAX_RESULTS),
  })
  .strict();

const importBody = z
  .object({
    organization_id: z.uuid().optional(),
    file_name: z.string().min(1).max(200).describe('Named in every problem'),
    csv: z
      .string()
      .max(MAX_CSV_BYTES)
      .describe(
        'The file: a header row (source_id, kind, method, collected_on, substances, area/layer or latitude/longitude), then one result a row',
      ),
  })
  .strict();

const rangeQuery = z
  .object({
    from: z.iso.date().optional().describe("First day (the jurisdiction's); default twelve weeks before to"),
    to: z.iso.date().optional().describe('Last day; default today'),
    layer: z.string().max(64).optional().describe("A layer id (default: the jurisdiction's first)"),
  })
  .strict();

/** The drug-checking API: results in (JSON, CSV), counts by week and area, signals, the form's choices. */
export function registerDrugCheckRoutes(app: FastifyInstance, deps: DrugCheckDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/v1/drug-checks',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Send drug-checking or seizure results (up to 500), each answered on its own',
        description:
          'An API key with the submit scope, or a signed-in analyst, harm reduction partner or submitter, ' +
          "for its own organization. Idempotent on (organization, source_id). The day is kept as its week's " +
          'Sunday and a point as its areas only.',
        body: submitBody,
        response: {
          200: submissionAnswerSchema,
          ...errorAnswers('FORBIDDEN', 'UNKNOWN_ORGANIZATION', 'BATCH_TOO_LARGE'),
        },
      },
    },
    async (request) => {
      const { organization_id, results } = request.body;
      return presentSubmission(
        await submitDrugChecks(deps, request.actor, { organizationId: organization_id ?? null }, results),
      );
    },
  );
  typed.post(
    '/api/v1/drug-checks/import',
    {
      bodyLimit: MAX_CSV_BYTES * 2 + 64 * 1024,
      schema: {
        tags,
        summary:
          'Import a CSV file of results: bad rows quarantined with file, row and field, good rows kept',
        body: importBody,
        response: {
          200: importAnswerSchema,
          ...errorAnswers(
            'FORBIDDEN',
            'UNKNOWN_ORGANIZATION',
            'FILE_EMPTY',
            'CSV_MISSING_COLUMNS',
            'CSV_MALFORMED',
            'CSV_WRONG_DELIMITER',
            'BODY_TOO_LARGE',
          ),
        },
      },
    },
    async (request) => {
      const { organization_id, file_name, csv } = request.body;
      const batch = await importDrugCheckCsv(
        deps,
        request.actor,
        { organizationId: organization_id ?? null },
        { fileName: file_name, text: csv },
      );
      return presentImport(file_name, batch);
    },
  );
  typed.get(
    '/api/v1/drug-checks/weekly',
    {
      schema: {
        tags,
        summary: 'Drug-checking and seizure results by week and area of a layer (counts only), newest first',
        querystring: rangeQuery,
        response: { 200: weeklyAnswerSchema, ...errorAnswers('FORBIDDEN', 'NOT_FOUND') },
      },
    },
    async (request) => {
      authorizeUser(request.actor, 'drug_check.read');
      const range = await dayRange(deps.db, request.actor, deps.clock.now(), request.query);
      const counted = await weeklyDrugCheckCounts(deps.db, request.actor, {
        ...range,
        layerId: request.query.layer,
      });
      return presentWeekly(counted.layerId, counted.weeks);
    },
  );
  typed.get(
    '/api/v1/drug-checks/signals',
    {
      schema: {
        tags,
        summary:
          'Adulterant signals: a substance found in an area for the first time in 26 weeks, or a rise against its 8-week baseline; newest first',
        querystring: rangeQuery,
        response: {
          200: z.object({ signals: z.array(signalSchema) }).strict(),
          ...errorAnswers('FORBIDDEN'),
        },
      },
    },
    async (request) => {
      authorizeUser(request.actor, 'drug_check.read');
      const range = await dayRange(deps.db, request.actor, deps.clock.now(), request.query);
      const signals = await readSignals(deps.db, request.actor, { ...range, layerId: request.query.layer });
      return { signals: signals.map((s) => presentSignal(s.signal, s.areaName)) };
    },
  );
  typed.get(
    '/api/v1/drug-checks/choices',
    {
      schema: {
        tags,
        summary:
          "The drug-checking form's choices: substances, kinds, methods, areas, and the organizations you may send for",
        response: { 200: choicesAnswerSchema, ...errorAnswers('FORBIDDEN') },
      },
    },
    async (request) => presentChoices(await drugCheckChoices(deps.db, request.actor, deps.clock.now())),
  );
}
